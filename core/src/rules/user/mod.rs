//! PL1xx: non-root user and privileges (the seed's "非rootユーザー").
