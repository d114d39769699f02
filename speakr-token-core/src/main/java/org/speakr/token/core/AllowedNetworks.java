package org.speakr.token.core;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import org.speakr.token.core.internal.SettingValues;

/**
 * The networks a token may be used from: IPv4 and IPv6 CIDR blocks, chosen at creation. A use from any other
 * address is refused ({@link RejectionReason#NETWORK_NOT_ALLOWED}) and not recorded as a use. An IPv4-mapped IPv6
 * address ({@code ::ffff:192.0.2.7}) is judged as the IPv4 address it carries, and a block inside
 * {@code ::ffff:0:0/96} is kept as the IPv4 block it describes. Blocks and addresses are read by a literal parser
 * of this library: a host name is never resolved. Surrounding white space of a block is ignored. Immutable.
 *
 * <pre>{@code
 * tokens.create("alice", "CI", Expiration.after(Duration.ofDays(90)), Set.of(),
 *         AllowedNetworks.of(List.of("192.0.2.0/24", "2001:db8::/32")));
 * }</pre>
 */
public final class AllowedNetworks {
    /** Most blocks one token may list. */
    public static final int MAX_BLOCKS = 32;

    private static final String SETTING = "allowedNetworks";
    private static final String RULE = "a CIDR block such as 192.0.2.0/24 or 2001:db8::/32";
    private static final AllowedNetworks ANY = new AllowedNetworks(List.of(), List.of());
    private static final AllowedNetworks NOTHING = new AllowedNetworks(List.of(), List.of("none"));
    private static final Comparator<Block> ORDER = Comparator.comparing((Block b) -> !b.v4)
            .thenComparing(b -> b.hi, Long::compareUnsigned).thenComparing(b -> b.lo, Long::compareUnsigned)
            .thenComparingInt(b -> b.prefix);

    private final List<Block> parsed;
    private final List<String> blocks;

    private AllowedNetworks(List<Block> parsed, List<String> blocks) {
        this.parsed = parsed;
        this.blocks = blocks;
    }

    /** @return a constraint no address meets, for a stored network list that cannot be read (fail closed) */
    static AllowedNetworks nothing() {
        return NOTHING;
    }

    /** @return no constraint: any network */
    public static AllowedNetworks any() {
        return ANY;
    }

    /**
     * @param cidrBlocks blocks such as {@code 192.0.2.0/24}, {@code 2001:db8::/32} or a single address
     *        ({@code 192.0.2.7} = {@code /32}); host bits must be zero; at most {@value #MAX_BLOCKS}; none means any
     * @return the constraint
     * @throws IllegalArgumentException {@code allowedNetworks: expected …, got '…'} for a malformed block
     */
    public static AllowedNetworks of(Collection<String> cidrBlocks) {
        if (cidrBlocks.isEmpty()) {
            return ANY;
        }
        if (cidrBlocks.size() > MAX_BLOCKS) {
            throw SettingValues.invalid(SETTING, "at most " + MAX_BLOCKS + " CIDR blocks",
                    cidrBlocks.size() + " blocks");
        }
        TreeMap<Block, String> sorted = new TreeMap<>(ORDER);
        for (String text : cidrBlocks) {
            Block block = Block.parse(text);
            sorted.put(block, block.toString());
        }
        return new AllowedNetworks(List.copyOf(sorted.keySet()), List.copyOf(sorted.values()));
    }

    /** @return the blocks in canonical form, sorted; empty for any network */
    public List<String> blocks() {
        return blocks;
    }

    /**
     * @param address an IP address literal; {@code null}, a host name or anything else that is not a literal is
     *        outside every block (no DNS lookup is ever made)
     * @return whether a use from {@code address} is allowed
     */
    public boolean allows(String address) {
        if (parsed.isEmpty()) {
            return this != NOTHING;
        }
        IpLiteral ip = IpLiteral.parse(bare(address));
        if (ip == null) {
            return false;
        }
        for (Block block : parsed) {
            if (block.contains(ip)) {
                return true;
            }
        }
        return false;
    }

    /** An IPv6 address as servers give it may be bracketed ({@code [2001:db8::1]}) or carry a zone ({@code %eth0}). */
    private static String bare(String address) {
        if (address == null) {
            return null;
        }
        String text = address;
        if (text.length() > 2 && text.charAt(0) == '[' && text.charAt(text.length() - 1) == ']') {
            text = text.substring(1, text.length() - 1);
            if (text.indexOf(':') < 0) {
                return null;
            }
        }
        int zone = text.indexOf('%');
        return zone > 0 && text.indexOf(':') >= 0 ? text.substring(0, zone) : text;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AllowedNetworks networks && networks.blocks.equals(blocks);
    }

    @Override
    public int hashCode() {
        return blocks.hashCode();
    }

    /** @return e.g. {@code AllowedNetworks[192.0.2.0/24, 2001:db8::/32]}, or {@code AllowedNetworks[any]} */
    @Override
    public String toString() {
        return "AllowedNetworks" + (blocks.isEmpty() ? "[any]" : blocks.toString());
    }

    /** One parsed block; IPv4 in the low 32 bits of {@code lo}. */
    private static final class Block {
        final boolean v4;
        final long hi;
        final long lo;
        final int prefix;
        final long hiMask;
        final long loMask;

        private Block(boolean v4, long hi, long lo, int prefix) {
            this.v4 = v4;
            this.hi = hi;
            this.lo = lo;
            this.prefix = prefix;
            if (v4) {
                hiMask = 0;
                loMask = prefix == 0 ? 0 : (0xFFFF_FFFFL << (32 - prefix)) & 0xFFFF_FFFFL;
            } else {
                hiMask = prefix >= 64 ? -1L : prefix == 0 ? 0 : -1L << (64 - prefix);
                loMask = prefix <= 64 ? 0 : prefix == 128 ? -1L : -1L << (128 - prefix);
            }
        }

        static Block parse(String given) {
            if (given == null) {
                throw SettingValues.invalid(SETTING, RULE, null);
            }
            String text = given.strip();
            int slash = text.indexOf('/');
            String address = slash < 0 ? text : text.substring(0, slash);
            boolean v4 = address.indexOf(':') < 0;
            int max = v4 ? 32 : 128;
            int prefix = slash < 0 ? max : prefix(text.substring(slash + 1), max);
            if (prefix < 0) {
                throw SettingValues.invalid(SETTING, RULE, given);
            }
            Block block;
            if (v4) {
                long value = IpLiteral.parse4(address, 0, address.length());
                block = value < 0 ? null : new Block(true, 0, value, prefix);
            } else {
                long[] value = IpLiteral.parse6(address, 0, address.length());
                block = value == null ? null
                        : IpLiteral.isMapped(value[0], value[1]) && prefix >= 96
                                ? new Block(true, 0, value[1] & 0xFFFF_FFFFL, prefix - 96)
                                : new Block(false, value[0], value[1], prefix);
            }
            if (block == null || (block.hi & ~block.hiMask) != 0 || (block.lo & ~block.loMask) != 0) {
                throw SettingValues.invalid(SETTING, RULE, given);
            }
            return block;
        }

        /** @return the prefix length: 1–3 digits without a leading zero, at most {@code max}; -1 if not */
        private static int prefix(String text, int max) {
            if (text.isEmpty() || text.length() > 3 || (text.length() > 1 && text.charAt(0) == '0')) {
                return -1;
            }
            int value = 0;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') {
                    return -1;
                }
                value = value * 10 + (c - '0');
            }
            return value <= max ? value : -1;
        }

        boolean contains(IpLiteral ip) {
            return ip.v4 == v4 && (ip.hi & hiMask) == hi && (ip.lo & loMask) == lo;
        }

        @Override
        public String toString() {
            return (v4 ? IpLiteral.format4(lo) : IpLiteral.format6(hi, lo)) + "/" + prefix;
        }
    }
}
