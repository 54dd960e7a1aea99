//! PL9xx: Dockerfile correctness and style.
