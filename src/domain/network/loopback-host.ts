// Owns which host names mean this machine: for a Host header and PUBLIC_URL any localhost name, for the listener's
// binding only what cannot resolve elsewhere.

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

// The listener's HOST is resolved by the system (getaddrinfo): a name under localhost may be sent to DNS or a search
// domain and land on a LAN address, and trial mode (act as anyone) must not follow it there. Only localhost itself and
// the loopback addresses count.
export function loopbackBinding(name: string): boolean {
  const host = name
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}
