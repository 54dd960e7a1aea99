//! PL7xx: file system, ownership and modes (the seed's "ファイルシステムセキュリティ").
