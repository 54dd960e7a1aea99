//! The one list of every rule. Add a rule here once; codes are never reused.

use super::*;

pub static RULES: &[&Rule] = &[
    // PL1xx: user
    // PL2xx: base image
    &base_image::latest_tag::RULE,
    // PL3xx: packages
    // PL4xx: secrets
    // PL5xx: network
    // PL6xx: minimal image
    // PL7xx: file system
    // PL8xx: supply chain
    // PL9xx: Dockerfile
];
