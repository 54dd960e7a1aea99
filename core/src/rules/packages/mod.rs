//! PL3xx: package managers, updates and caches (the seed's "脆弱性スキャン" and its troubleshooting).
