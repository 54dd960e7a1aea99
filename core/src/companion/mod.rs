//! The files around a Dockerfile that decide how its image is built and run:
//! `.dockerignore` (what the build context holds), Compose files and
//! Kubernetes manifests. One module per format, each pure: text in, a
//! parsed form with spans out.

pub mod compose;
pub mod context;
pub mod dockerignore;
pub mod kubernetes;
pub mod yaml;
