//! The least a page needs for a first checklist: check a Dockerfile and carry
//! the report out (as the check worker does), nothing drawn.
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
pub fn check(source: &str) -> String {
    let report = plimsoll_core::check(source, &Default::default());
    plimsoll_core::wire::encode(&report)
}
