// Owns which host names mean this machine, for the listener's binding, the Host check and trial mode alike.

// RFC 6761 §6.3: "localhost" and every name under it resolve to loopback, so app.localhost is this machine as much as
// localhost is (browsers and systemd-resolved answer it so); 127.0.0.0/8 and ::1 are the loopback addresses. Takes a
// bare host name: "[::1]" and a trailing root dot ("localhost.") are read as the same name.
export function loopbackHost(name: string): boolean {
  const host = name
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '');
  return (
    host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host)
  );
}
