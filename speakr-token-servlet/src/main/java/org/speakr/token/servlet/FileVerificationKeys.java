package org.speakr.token.servlet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;

/** {@link VerificationKeys#fromFile}: re-read when the file's modification time or size changes. */
final class FileVerificationKeys extends RefreshingKeys {
    private final Path document;
    /** Modification time and size of the copy read last, or null before the first read. */
    private volatile String readVersion;

    FileVerificationKeys(Path document, Clock clock, Duration minRefreshInterval) {
        super(clock, minRefreshInterval);
        this.document = document;
    }

    @Override
    byte[] read() throws IOException {
        readVersion = version();
        if (Files.size(document) > KeyDocument.MAX_BYTES) {
            throw new IOException("larger than " + KeyDocument.MAX_BYTES + " bytes");
        }
        return Files.readAllBytes(document);
    }

    @Override
    boolean outdated() {
        String read = readVersion;
        return read != null && !read.equals(version());
    }

    private String version() {
        try {
            BasicFileAttributes attributes = Files.readAttributes(document, BasicFileAttributes.class);
            return attributes.lastModifiedTime().toMillis() + "/" + attributes.size();
        } catch (IOException e) {
            return "unreadable";
        }
    }

    @Override
    String source() {
        return document.toString();
    }
}
