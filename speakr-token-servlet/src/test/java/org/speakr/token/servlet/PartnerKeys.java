package org.speakr.token.servlet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A partner's signing side for tests: locally generated EC key pairs, their PEM form, the key document that
 * lists them, ECDSA SHA-256 signatures (ASN.1 DER, as GitHub and GitLab send them) and signed POSTs.
 */
final class PartnerKeys {
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private PartnerKeys() {
    }

    static KeyPair generate(String curve) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curve));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyPair p256() {
        return generate("secp256r1");
    }

    static String pem(KeyPair pair) {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(pair.getPublic().getEncoded());
        return "-----BEGIN PUBLIC KEY-----\n" + base64 + "\n-----END PUBLIC KEY-----\n";
    }

    /** The key document listing {@code keys} (identifier to pair), the first as current. */
    static String document(Map<String, KeyPair> keys) {
        StringBuilder json = new StringBuilder("{\"public_keys\": [");
        boolean first = true;
        for (Map.Entry<String, KeyPair> key : keys.entrySet()) {
            if (!first) {
                json.append(", ");
            }
            json.append("{\"key_identifier\": \"").append(key.getKey()).append("\", \"key\": \"")
                    .append(pem(key.getValue()).replace("\n", "\\n")).append("\", \"is_current\": ").append(first)
                    .append('}');
            first = false;
        }
        return json.append("]}").toString();
    }

    static String document(String id, KeyPair pair) {
        Map<String, KeyPair> keys = new LinkedHashMap<>();
        keys.put(id, pair);
        return document(keys);
    }

    /** @return base64 of the DER signature of {@code body} */
    static String sign(KeyPair pair, byte[] body) {
        try {
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(pair.getPrivate());
            signer.update(body);
            return Base64.getEncoder().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** POSTs {@code body} with the given header names and values (alternating). */
    static Answer post(URI uri, byte[] body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", "application/json");
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
}
