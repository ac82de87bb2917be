"""HTTPS listeners: one socket per device address (127.0.1.x), all on the same port, so a peer's mgmt-ip is
reachable with the port the client already uses. One accept loop; one thread per connection (keep-alive)."""

import selectors
import socket
import ssl
import threading
import time
from http.server import BaseHTTPRequestHandler
from urllib.parse import urlsplit

from . import messages as M, serializer, xmlapi

MAX_BODY = 16 * 1024 * 1024
REASONS = {403: M.INVALID_CREDENTIAL}  # real reason phrase (keygen.invalid-credential.http.txt)


class ApiServer:
    def __init__(self, devices_by_address, port, certfile, keyfile):
        self.devices = devices_by_address  # address -> Firewall (replaced on reset, looked up per request)
        self.ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.ctx.load_cert_chain(certfile, keyfile)
        self.sel = selectors.DefaultSelector()
        self.listeners = {}
        self.port = port
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._open = {}  # address -> the TLS connections being served (keep-alive)

    def bind_all(self, addresses):
        """Bind every address on one port; port 0 picks a port free on all of them."""
        for _attempt in range(20):
            port = self.port
            opened = []
            try:
                for address in addresses:
                    sock = self._listen(address, port)
                    port = sock.getsockname()[1]
                    opened.append((address, sock))
            except OSError:
                for _, sock in opened:
                    sock.close()
                if self.port:
                    raise
                continue
            self.port = port
            for address, sock in opened:
                self._register(address, sock)
            return port
        raise OSError("no port free on all %d addresses" % len(addresses))

    def _listen(self, address, port):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((address, port))
        sock.listen(128)
        sock.setblocking(False)
        return sock

    def _register(self, address, sock):
        with self._lock:
            self.listeners[address] = sock
            self.sel.register(sock, selectors.EVENT_READ, address)

    def set_refusing(self, address, refusing):
        """Close the listener so connections are refused (a real ECONNREFUSED), or open it again."""
        with self._lock:
            sock = self.listeners.get(address)
            if refusing and sock is not None:
                self.sel.unregister(sock)
                sock.close()
                del self.listeners[address]
                # A management plane that stops accepting connections drops the ones it has too (ASSUMPTIONS.md):
                # each connection finishes the request it is answering, then reads end-of-file and closes, so a
                # client's kept-alive connection is closed, not served by a device that refuses new ones.
                for tls in self._open.get(address, ()):
                    try:
                        socket.socket.shutdown(tls, socket.SHUT_RD)  # the plain socket's: SSLSocket's drops TLS at once
                    except OSError:
                        pass
                return
        if not refusing and sock is None:
            self._register(address, self._listen(address, self.port))

    def sync_refusals(self):
        """Listeners follow each device's 'refuse' fault (which may start on its own, armed after a job)."""
        for address, device in list(self.devices.items()):
            refusing = device.faults.refuse
            if refusing == (address in self.listeners):
                try:
                    self.set_refusing(address, refusing)
                except OSError:
                    pass

    def serve_forever(self):
        while not self._stop.is_set():
            self.sync_refusals()
            for key, _ in self.sel.select(timeout=0.1):
                try:
                    conn, peer = key.fileobj.accept()
                except OSError:  # listener closed by a 'refuse' fault between select and accept
                    continue
                threading.Thread(target=self._serve, args=(conn, peer, key.data), daemon=True).start()

    def shutdown(self):
        self._stop.set()
        with self._lock:
            for sock in self.listeners.values():
                sock.close()
            self.listeners.clear()

    def _serve(self, conn, peer, address):
        conn.setblocking(True)
        conn.settimeout(30)
        # Headers and body leave in separate writes: without NODELAY, Nagle holds the body until the client's
        # delayed ACK (~40 ms per request on a keep-alive connection).
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            tls = self.ctx.wrap_socket(conn, server_side=True)
        except (ssl.SSLError, OSError):
            conn.close()
            return
        with self._lock:
            self._open.setdefault(address, set()).add(tls)
        try:
            _Handler(tls, peer, _Ref(self, address))
        except Exception:  # a broken client connection must not take the server down
            pass
        finally:
            with self._lock:
                self._open.get(address, set()).discard(tls)
            try:
                tls.close()
            except OSError:
                pass


class _Ref:
    """What a handler needs of the server: the device behind the address that was dialled."""

    def __init__(self, server, address):
        self.api = server
        self.address = address

    @property
    def device(self):
        return self.api.devices[self.address]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "PanWeb Server/"
    sys_version = ""

    def log_message(self, *args):  # the request log is the device's, not stderr
        pass

    def do_GET(self):
        self._handle("GET")

    def do_POST(self):
        self._handle("POST")

    def do_PUT(self):
        self._handle("PUT")

    def do_DELETE(self):
        self._handle("DELETE")

    def do_PATCH(self):
        self._handle("PATCH")

    def _handle(self, method):
        device = self.server.device
        faults = device.faults
        if faults.refuse:
            # Refusing since this connection was opened (a fault armed after a job, before the accept loop closed
            # the listener and this connection): the request goes unanswered and the connection is closed, as by a
            # management plane that went away (ASSUMPTIONS.md, "Keep-alive").
            self.close_connection = True
            return
        if faults.hang_seconds:
            faults.released.wait(faults.hang_seconds)
            self.close_connection = True
            return
        if faults.slow_seconds:
            time.sleep(faults.slow_seconds)
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self._send(413, serializer.html_page(M.HTTP_TOO_LARGE), serializer.HTML_CONTENT_TYPE)
            self.close_connection = True
            return
        body = self.rfile.read(length).decode("utf-8", "replace") if length else ""
        with device.lock:
            http_error = faults.take_http_error()
        if http_error:
            device.log.add("http", "injected %d" % http_error, status="error", http_status=http_error)
            self._send(http_error, serializer.html_error(http_error), serializer.HTML_CONTENT_TYPE)
            return
        url = urlsplit(self.path)
        if url.path.rstrip("/") != "/api":
            self._send(404, serializer.html_page(M.HTTP_NOT_FOUND), serializer.HTML_CONTENT_TYPE)
            return
        params = xmlapi.parse_params(url.query, body, self.headers.get("Content-Type"))
        status, text = xmlapi.handle(device, method, params, self.headers.get("X-PAN-KEY"))
        self._send(status, text, serializer.CONTENT_TYPE)

    def _send(self, status, text, content_type):
        data = text.encode("utf-8")
        self.send_response(status, REASONS.get(status))
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
