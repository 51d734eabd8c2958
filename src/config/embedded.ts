/** Loopback addresses of the embedded default services that `paperwire up` starts. */
export const EMBEDDED = Object.freeze({
  postgresPort: 54329,
  redisPort: 63799,
  smtpPort: 1025,
  inboxPort: 1080,
  databaseUrl: "postgresql://paperwire@127.0.0.1:54329/paperwire",
  redisUrl: "redis://127.0.0.1:63799",
  smtpUrl: "smtp://127.0.0.1:1025",
  inboxUrl: "http://127.0.0.1:1080/",
});
