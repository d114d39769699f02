package org.speakr.token.core;

import java.util.Collection;
import java.util.List;

/**
 * The networks a token may be used from: IPv4 and IPv6 CIDR blocks, chosen at creation. A use from any other
 * address is refused ({@link RejectionReason#NETWORK_NOT_ALLOWED}) and not recorded as a use. An IPv4-mapped IPv6
 * address ({@code ::ffff:192.0.2.7}) is judged as the IPv4 address it carries. Immutable.
 *
 * <pre>{@code
 * tokens.create("alice", "CI", Expiration.after(Duration.ofDays(90)), Set.of(),
 *         AllowedNetworks.of(List.of("192.0.2.0/24", "2001:db8::/32")));
 * }</pre>
 */
public final class AllowedNetworks {
    /** Most blocks one token may list. */
    public static final int MAX_BLOCKS = 32;

    private AllowedNetworks() {
        throw new UnsupportedOperationException("not built yet");
    }

    /** @return no constraint: any network */
    public static AllowedNetworks any() {
        throw new UnsupportedOperationException("not built yet");
    }

    /**
     * @param cidrBlocks blocks such as {@code 192.0.2.0/24}, {@code 2001:db8::/32} or a single address
     *        ({@code 192.0.2.7} = {@code /32}); host bits must be zero; at most {@value #MAX_BLOCKS}; none means any
     * @return the constraint
     * @throws IllegalArgumentException {@code allowedNetworks: expected …, got '…'} for a malformed block
     */
    public static AllowedNetworks of(Collection<String> cidrBlocks) {
        throw new UnsupportedOperationException("not built yet");
    }

    /** @return the blocks in canonical form, sorted; empty for any network */
    public List<String> blocks() {
        throw new UnsupportedOperationException("not built yet");
    }

    /**
     * @param address an IP address literal; {@code null}, a host name or anything else that is not a literal is
     *        outside every block (no DNS lookup is ever made)
     * @return whether a use from {@code address} is allowed
     */
    public boolean allows(String address) {
        throw new UnsupportedOperationException("not built yet");
    }
}
