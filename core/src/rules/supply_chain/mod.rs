//! PL8xx: downloads, checksums, TLS and signature verification, ADD.
