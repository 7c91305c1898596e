"""A language-server client over stdio, Python standard library only.

Used by the conc-clangd tests and bench/clangd: it speaks JSON-RPC with LSP's
Content-Length framing, answers the server's own requests, and waits for a
specific message (a response id, a publishDiagnostics for one document
version) with a bounded timeout, never by sleeping.
"""

import json
import os
import queue
import subprocess
import threading
import time
from pathlib import Path


class LspError(Exception):
    """The server misbehaved or did not say what we waited for in time."""


def file_uri(path):
    return Path(path).resolve().as_uri()


class LanguageServer:
    def __init__(self, command, cwd, stderr_path, env=None):
        self.command = command
        self.stderr_path = Path(stderr_path)
        self._stderr = open(self.stderr_path, "wb")
        self.process = subprocess.Popen(
            command, cwd=cwd, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=self._stderr)
        self._messages = queue.Queue()
        self._next_id = 1
        self.notifications = []  # every notification seen, in order
        self._reader = threading.Thread(target=self._read_loop, daemon=True)
        self._reader.start()

    # --- wire -----------------------------------------------------------------
    def _read_loop(self):
        stream = self.process.stdout
        try:
            while True:
                length = None
                while True:
                    line = stream.readline()
                    if not line:
                        self._messages.put(None)
                        return
                    line = line.strip()
                    if not line:
                        break
                    name, _, value = line.decode("ascii").partition(":")
                    if name.lower() == "content-length":
                        length = int(value)
                if length is None:
                    self._messages.put(LspError("a message without Content-Length"))
                    return
                body = stream.read(length)
                self._messages.put(json.loads(body))
        except Exception as error:  # handed to the waiting thread, not lost
            self._messages.put(LspError(f"cannot read the server's output: {error}"))

    def _send(self, message):
        body = json.dumps(message).encode()
        try:
            self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            self.process.stdin.flush()
        except BrokenPipeError:
            raise LspError(f"the server exited (code {self.process.poll()})\n{self.stderr_tail()}")

    def notify(self, method, params):
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method, params, timeout):
        request_id = self._next_id
        self._next_id += 1
        self._send({"jsonrpc": "2.0", "id": request_id, "method": method, "params": params})
        reply = self.wait_for(lambda m: m.get("id") == request_id and "method" not in m,
                              timeout, f"the reply to {method}")
        if "error" in reply:
            raise LspError(f"{method} failed: {reply['error']}")
        return reply.get("result")

    def wait_for(self, predicate, timeout, what):
        """Returns the first message for which predicate is true; the others
        are kept in self.notifications. Fails after timeout seconds."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise LspError(f"no {what} within {timeout} s\n{self.stderr_tail()}")
            try:
                message = self._messages.get(timeout=left)
            except queue.Empty:
                continue
            if message is None:
                raise LspError(f"the server exited (code {self.process.wait()}) before "
                               f"{what}\n{self.stderr_tail()}")
            if isinstance(message, Exception):
                raise message
            if "method" in message and "id" in message:
                # A request from the server (progress, configuration): accept it.
                self._send({"jsonrpc": "2.0", "id": message["id"], "result": None})
                continue
            if "method" in message:
                self.notifications.append(message)
            if predicate(message):
                return message

    def stderr_tail(self, lines=30):
        self._stderr.flush()
        text = self.stderr_path.read_text(errors="replace").splitlines()
        return "server stderr (last lines):\n" + "\n".join(text[-lines:])

    # --- LSP ------------------------------------------------------------------
    def initialize(self, root, timeout):
        capabilities = {
            "textDocument": {
                "publishDiagnostics": {"relatedInformation": True, "versionSupport": True},
                "codeAction": {"codeActionLiteralSupport": {
                    "codeActionKind": {"valueSet": ["quickfix", "refactor", "source"]}}},
                "synchronization": {"didSave": True},
            },
        }
        result = self.request("initialize", {
            "processId": os.getpid(), "rootUri": file_uri(root),
            "capabilities": capabilities}, timeout)
        self.notify("initialized", {})
        return result

    def open(self, path, text, version=1, language="cpp"):
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": file_uri(path), "languageId": language, "version": version, "text": text}})

    def change(self, path, text, version):
        self.notify("textDocument/didChange", {
            "textDocument": {"uri": file_uri(path), "version": version},
            "contentChanges": [{"text": text}]})

    def diagnostics(self, path, version, timeout):
        """The diagnostics clangd publishes for this version of the document."""
        uri = file_uri(path)
        message = self.wait_for(
            lambda m: m.get("method") == "textDocument/publishDiagnostics"
            and m["params"]["uri"] == uri and m["params"].get("version") == version,
            timeout, f"publishDiagnostics for {Path(path).name} version {version}")
        return message["params"]["diagnostics"]

    def code_actions(self, path, diagnostic, timeout):
        return self.request("textDocument/codeAction", {
            "textDocument": {"uri": file_uri(path)},
            "range": diagnostic["range"],
            "context": {"diagnostics": [diagnostic], "only": ["quickfix"]}}, timeout)

    def shutdown(self, timeout):
        """Asks the server to stop; returns its exit code."""
        try:
            self.request("shutdown", None, timeout)
            self.notify("exit", None)
            return self.process.wait(timeout=timeout)
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()
            self._stderr.close()


def apply_text_edits(text, edits):
    """Applies LSP TextEdits (one document, ASCII positions) to text."""
    lines = text.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def offset(position):
        return starts[position["line"]] + position["character"]

    for edit in sorted(edits, key=lambda e: offset(e["range"]["start"]), reverse=True):
        begin, end = offset(edit["range"]["start"]), offset(edit["range"]["end"])
        text = text[:begin] + edit["newText"] + text[end:]
    return text
