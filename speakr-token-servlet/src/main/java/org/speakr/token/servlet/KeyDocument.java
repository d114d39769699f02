package org.speakr.token.servlet;

import java.security.interfaces.ECPublicKey;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A partner's public-key document, {@code {"public_keys": [{"key_identifier": "…", "key": "-----BEGIN PUBLIC
 * KEY-----…", "is_current": true}]}}, read into P-256 keys by identifier. An entry whose key is not a PEM P-256
 * key is left out with one warning per read (so a partner's new key type cannot break the others); a document
 * that is not of this shape is refused.
 */
final class KeyDocument {
    private static final Logger log = LoggerFactory.getLogger(KeyDocument.class);
    /** A key document is a few kilobytes; anything much larger is not one. */
    static final int MAX_BYTES = 1 << 20;
    private static final int MAX_KEY_ID_LENGTH = 256;

    private KeyDocument() {
    }

    /**
     * @param document the document's bytes
     * @param source where it came from, for the log
     * @return the keys by identifier
     * @throws IllegalArgumentException when it is not a key document
     */
    static Map<String, ECPublicKey> read(byte[] document, String source) {
        if (document.length > MAX_BYTES) {
            throw new IllegalArgumentException("key document " + source + " is larger than " + MAX_BYTES + " bytes");
        }
        Object parsed;
        try {
            parsed = Json.parse(document, 8);
        } catch (Json.JsonException e) {
            throw new IllegalArgumentException("key document " + source + " is " + e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?> root) || !(root.get("public_keys") instanceof List<?> entries)) {
            throw new IllegalArgumentException("key document " + source + " has no public_keys array");
        }
        Map<String, ECPublicKey> keys = new HashMap<>();
        for (Object entry : entries) {
            if (!(entry instanceof Map<?, ?> fields) || !(fields.get("key_identifier") instanceof String id)
                    || !(fields.get("key") instanceof String pem) || id.isEmpty() || id.length() > MAX_KEY_ID_LENGTH) {
                log.warn("Key document {}: an entry without a key_identifier and key was left out", source);
                continue;
            }
            try {
                keys.put(id, EcKeys.parsePem(pem));
            } catch (IllegalArgumentException e) {
                log.warn("Key document {}: key {} was left out: {}", source, printable(id), e.getMessage());
            }
        }
        return Map.copyOf(keys);
    }

    /** The identifier as a log can show it: control characters replaced. */
    private static String printable(String id) {
        StringBuilder out = new StringBuilder(id.length());
        id.chars().forEach(c -> out.append(Character.isISOControl(c) ? '?' : (char) c));
        return out.toString();
    }
}
