package org.speakr.token.servlet;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * PEM public keys and ECDSA P-256 / SHA-256 signatures, with the JDK only: {@code KeyFactory "EC"} over an
 * X.509 {@code SubjectPublicKeyInfo}, {@code Signature "SHA256withECDSA"} over ASN.1 DER signatures (the form
 * GitHub and GitLab send). Only keys on P-256 (secp256r1) are accepted.
 */
final class EcKeys {
    private static final String BEGIN = "-----BEGIN PUBLIC KEY-----";
    private static final String END = "-----END PUBLIC KEY-----";
    private static final ECParameterSpec P256 = p256();

    private EcKeys() {
    }

    private static ECParameterSpec p256() {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec("secp256r1"));
            return parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no secp256r1", e);
        }
    }

    /**
     * @param pem {@code -----BEGIN PUBLIC KEY-----}, base64 of a SubjectPublicKeyInfo, {@code -----END PUBLIC KEY-----}
     * @return the key
     * @throws IllegalArgumentException when it is not a PEM EC public key on P-256, saying which
     */
    static ECPublicKey parsePem(String pem) {
        String text = pem.strip();
        if (!text.startsWith(BEGIN) || !text.endsWith(END)) {
            throw new IllegalArgumentException("not a PEM public key");
        }
        String body = text.substring(BEGIN.length(), text.length() - END.length()).replaceAll("\\s+", "");
        byte[] der;
        try {
            der = Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("PEM body is not base64");
        }
        PublicKey key;
        try {
            key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("not an EC public key");
        }
        if (!(key instanceof ECPublicKey ec) || !isP256(ec.getParams())) {
            throw new IllegalArgumentException("not a P-256 key");
        }
        return ec;
    }

    static boolean isP256(ECParameterSpec params) {
        return params != null && params.getOrder().equals(P256.getOrder())
                && params.getCurve().equals(P256.getCurve())
                && params.getGenerator().equals(P256.getGenerator())
                && params.getCofactor() == P256.getCofactor();
    }

    /**
     * @param key the signer's public key
     * @param body the signed bytes, exactly as received
     * @param derSignature the ASN.1 DER ECDSA signature
     * @return whether it verifies; a malformed signature does not
     */
    static boolean verify(ECPublicKey key, byte[] body, byte[] derSignature) {
        try {
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(key);
            verifier.update(body);
            return verifier.verify(derSignature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }
}
