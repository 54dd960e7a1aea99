//! PL6xx: minimal images (the seed's "最小イメージ").
