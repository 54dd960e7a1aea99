//! PL5xx: ports, health checks and remote access (the seed's "ネットワークセキュリティ").
