//! The Dockerfile front end (work in progress: being replaced by the full parser).

use crate::span::Span;

#[derive(Clone, Debug, Default)]
pub struct Dockerfile {
    pub errors: Vec<SyntaxError>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub message: String,
    pub span: Span,
}

pub fn parse(_source: &str) -> Dockerfile {
    Dockerfile::default()
}
