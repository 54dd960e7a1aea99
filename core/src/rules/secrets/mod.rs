//! PL4xx: secrets (the seed's "シークレット管理").
