package org.speakr.token.servlet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Sends requests with {@link HttpClient}, or as raw HTTP/1.1 bytes over a socket for what it refuses to send. */
final class TestHttp {
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private TestHttp() {
    }

    /**
     * @param method the method
     * @param uri the full URI
     * @param headers alternating names and values
     * @return the answer
     */
    static Answer send(String method, URI uri, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20))
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return Answer.of(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Answer get(URI uri, String... headers) {
        return send("GET", uri, headers);
    }

    /**
     * Sends {@code requestLine}, a {@code Host} and {@code Connection: close} header, the given header lines
     * exactly as written, an empty line and the body, from 127.0.0.1.
     *
     * @param port the server port on 127.0.0.1
     * @param requestLine e.g. {@code GET /path HTTP/1.1}
     * @param headerLines raw header lines without line ends; may contain any byte as a char below 256, or
     *        non-Latin-1 text which is sent as UTF-8
     * @return the answer
     */
    static Answer raw(int port, String requestLine, String... headerLines) {
        return raw("127.0.0.1", port, requestLine, "", headerLines);
    }

    /**
     * As {@link #raw(int, String, String...)}, from a chosen loopback address and with a body.
     *
     * @param localAddress e.g. {@code 127.0.0.2}: every 127/8 address is the local host on Linux
     */
    static Answer raw(String localAddress, int port, String requestLine, String body, String... headerLines) {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        write(request, requestLine + "\r\n");
        write(request, "Host: 127.0.0.1:" + port + "\r\n");
        write(request, "Connection: close\r\n");
        for (String line : headerLines) {
            write(request, line + "\r\n");
        }
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        if (content.length > 0) {
            write(request, "Content-Length: " + content.length + "\r\n");
        }
        write(request, "\r\n");
        request.writeBytes(content);
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.toByteArray());
            out.flush();
            InputStream in = socket.getInputStream();
            return parse(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Chars below 256 are written as that byte, so NUL, CR, LF and Latin-1 go out as given; others as UTF-8. */
    private static void write(ByteArrayOutputStream out, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 256) {
                out.write(c);
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static Answer parse(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new AssertionError("no complete response: " + text);
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.computeIfAbsent(lines[i].substring(0, colon), n -> new ArrayList<>())
                    .add(lines[i].substring(colon + 1).strip());
        }
        byte[] rest = java.util.Arrays.copyOfRange(bytes, end + 4, bytes.length);
        Answer head = Answer.of(status, headers, "");
        if ("chunked".equalsIgnoreCase(head.header("Transfer-Encoding"))) {
            rest = dechunk(rest);
        }
        return Answer.of(status, headers, new String(rest, StandardCharsets.UTF_8));
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pos = 0;
        while (true) {
            int lineEnd = indexOfCrlf(chunked, pos);
            String sizeLine = new String(chunked, pos, lineEnd - pos, StandardCharsets.ISO_8859_1);
            int size = Integer.parseInt(sizeLine.split(";")[0].strip(), 16);
            if (size == 0) {
                return out.toByteArray();
            }
            out.write(chunked, lineEnd + 2, size);
            pos = lineEnd + 2 + size + 2;
        }
    }

    private static int indexOfCrlf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length - 1; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        throw new AssertionError("bad chunked body");
    }
}
