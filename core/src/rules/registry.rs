//! The one list of every rule. Add a rule here once; codes are never reused.

use super::{base_image, Rule};

pub static RULES: &[&Rule] = &[&base_image::latest_tag::RULE];
