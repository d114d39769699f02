package org.speakr.token.core;

/** {@link ClientInfo} of facts given up front. */
record KnownClient(String address, String userAgent) implements ClientInfo {
    static final KnownClient UNKNOWN = new KnownClient(null, null);

    /** @return the address and a length of the user agent only, so a log line stays short */
    @Override
    public String toString() {
        return "ClientInfo[address=" + address + ", userAgent=" + (userAgent == null ? "none" : userAgent.length() + " chars") + "]";
    }
}
