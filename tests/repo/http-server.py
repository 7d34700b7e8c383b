#!/usr/bin/python3
"""A static HTTP server for the repository tests, on 127.0.0.1 only.

Serves DIR on a free port, written to PORTFILE once listening.  For the
tests of interrupted downloads it can also
  --rate BYTES     send every file at most BYTES per second;
  --break-after N  answer the object requests after the Nth with half of
                   the file, then close the connection (a broken link);
  --log FILE       append the path of every request to FILE;
  --redirect PATH=LOCATION  answer PATH with a redirect to LOCATION.
It stops by itself after --lifetime seconds (default 300), so that a test
that dies never leaves it behind.
"""
import argparse
import functools
import http.server
import os
import socket
import sys
import threading
import time


class Handler(http.server.SimpleHTTPRequestHandler):
    options = None
    lock = threading.Lock()
    n_objects = 0

    def log_message(self, format, *args):
        if self.options.log:
            with self.lock, open(self.options.log, "a") as f:
                f.write(self.path + "\n")

    def send_head(self):
        for redirect in self.options.redirect:
            path, location = redirect.split("=", 1)
            if self.path == path:
                self.send_response(302)
                self.send_header("Location", location)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
        # Always the file as it is now: a publish within the second of the
        # previous request must not get "304 Not Modified".
        del self.headers["If-Modified-Since"]
        del self.headers["If-None-Match"]
        return super().send_head()

    def _should_break(self):
        if self.options.break_after is None or "/objects/" not in self.path:
            return False
        with self.lock:
            Handler.n_objects += 1
            return Handler.n_objects > self.options.break_after

    def copyfile(self, source, outputfile):
        data = source.read()
        if self._should_break():
            outputfile.write(data[: len(data) // 2])
            outputfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
            self.close_connection = True
            return
        if not self.options.rate:
            outputfile.write(data)
            return
        chunk = max(1, self.options.rate // 20)
        for i in range(0, len(data), chunk):
            outputfile.write(data[i : i + chunk])
            outputfile.flush()
            time.sleep(chunk / self.options.rate)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dir")
    parser.add_argument("portfile")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--rate", type=int, default=0)
    parser.add_argument("--break-after", type=int, default=None)
    parser.add_argument("--log")
    parser.add_argument("--redirect", action="append", default=[])
    parser.add_argument("--lifetime", type=float, default=300)
    options = parser.parse_args()

    Handler.options = options
    handler = functools.partial(Handler, directory=options.dir)
    http.server.ThreadingHTTPServer.allow_reuse_address = True
    server = http.server.ThreadingHTTPServer(("127.0.0.1", options.port), handler)
    server.daemon_threads = True
    tmp = options.portfile + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % server.server_address[1])
    os.rename(tmp, options.portfile)
    threading.Timer(options.lifetime, server.shutdown).start()
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
