//! What a user can change about a check.

use serde::Serialize;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Settings {
    /// Stage to judge as the final image (`--target`); the last stage when `None`.
    pub target: Option<String>,
}
