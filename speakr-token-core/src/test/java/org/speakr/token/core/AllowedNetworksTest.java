package org.speakr.token.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class AllowedNetworksTest {

    @Test
    void ipv4BlockAllowsInsideAndRefusesOutside() {
        AllowedNetworks networks = AllowedNetworks.of(List.of("192.0.2.0/24"));

        assertThat(networks.allows("192.0.2.0")).isTrue();
        assertThat(networks.allows("192.0.2.7")).isTrue();
        assertThat(networks.allows("192.0.2.255")).isTrue();
        assertThat(networks.allows("192.0.3.0")).isFalse();
        assertThat(networks.allows("192.0.1.255")).isFalse();
        assertThat(networks.allows("10.0.0.1")).isFalse();
    }

    @Test
    void ipv6BlockAllowsInsideAndRefusesOutside() {
        AllowedNetworks networks = AllowedNetworks.of(List.of("2001:db8::/32"));

        assertThat(networks.allows("2001:db8::1")).isTrue();
        assertThat(networks.allows("2001:DB8:FFFF:ffff:ffff:ffff:ffff:ffff")).isTrue();
        assertThat(networks.allows("[2001:db8::7]")).as("bracketed, as some servers give it").isTrue();
        assertThat(networks.allows("2001:db8::7%eth0")).as("with a zone").isTrue();
        assertThat(networks.allows("2001:db9::1")).isFalse();
        assertThat(networks.allows("2001:db7:ffff::1")).isFalse();
        assertThat(networks.allows("192.0.2.7")).isFalse();
    }

    @Test
    void ipv4MappedIpv6AddressIsJudgedAsIpv4() {
        AllowedNetworks v4 = AllowedNetworks.of(List.of("192.0.2.0/24"));
        AllowedNetworks v6 = AllowedNetworks.of(List.of("::/0"));

        assertThat(v4.allows("::ffff:192.0.2.7")).isTrue();
        assertThat(v4.allows("::FFFF:c000:0207")).isTrue();
        assertThat(v4.allows("0:0:0:0:0:ffff:192.0.2.200")).isTrue();
        assertThat(v4.allows("::ffff:192.0.3.7")).isFalse();
        assertThat(v4.allows("::192.0.2.7")).as("IPv4-compatible, not mapped").isFalse();
        assertThat(v6.allows("::ffff:192.0.2.7")).as("judged as IPv4, outside every IPv6 block").isFalse();
        assertThat(v6.allows("::1")).isTrue();
    }

    @Test
    void ipv4MappedBlockIsKeptAsTheIpv4BlockItDescribes() {
        AllowedNetworks networks = AllowedNetworks.of(List.of("::ffff:192.0.2.0/120"));

        assertThat(networks.blocks()).containsExactly("192.0.2.0/24");
        assertThat(networks.allows("192.0.2.9")).isTrue();
        assertThat(networks.allows("::ffff:192.0.2.9")).isTrue();
    }

    @Test
    void slashZeroAndFullLengthPrefixes() {
        AllowedNetworks all4 = AllowedNetworks.of(List.of("0.0.0.0/0"));
        AllowedNetworks one4 = AllowedNetworks.of(List.of("203.0.113.9/32"));
        AllowedNetworks one6 = AllowedNetworks.of(List.of("2001:db8::9/128"));
        AllowedNetworks all6 = AllowedNetworks.of(List.of("::/0"));

        assertThat(all4.allows("255.255.255.255")).isTrue();
        assertThat(all4.allows("0.0.0.0")).isTrue();
        assertThat(all4.allows("2001:db8::1")).isFalse();
        assertThat(one4.allows("203.0.113.9")).isTrue();
        assertThat(one4.allows("203.0.113.8")).isFalse();
        assertThat(one4.allows("203.0.113.10")).isFalse();
        assertThat(one6.allows("2001:db8:0:0:0:0:0:9")).isTrue();
        assertThat(one6.allows("2001:db8::8")).isFalse();
        assertThat(all6.allows("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")).isTrue();
        assertThat(all6.allows("10.0.0.1")).isFalse();
    }

    @Test
    void prefixesAcrossTheSixtyFourBitBoundary() {
        AllowedNetworks p63 = AllowedNetworks.of(List.of("2001:db8:0:fffe::/63"));
        AllowedNetworks p65 = AllowedNetworks.of(List.of("2001:db8::8000:0:0:0/65"));

        assertThat(p63.allows("2001:db8:0:ffff:ffff::1")).isTrue();
        assertThat(p63.allows("2001:db8:0:fffd::1")).isFalse();
        assertThat(p65.allows("2001:db8::ffff:0:0:1")).isTrue();
        assertThat(p65.allows("2001:db8::7fff:0:0:1")).isFalse();
    }

    @Test
    void blocksAreCanonicalSortedAndWithoutDuplicates() {
        AllowedNetworks networks = AllowedNetworks.of(List.of("2001:DB8:0:0:0:0:0:0/32", "10.0.0.0/8",
                "192.0.2.7", " 172.16.0.0/12 ", "2001:db8::/32", "::1", "2001:db8:0:0:1:0:0:0/80", "fe80::/10"));

        assertThat(networks.blocks()).containsExactly("10.0.0.0/8", "172.16.0.0/12", "192.0.2.7/32", "::1/128",
                "2001:db8::/32", "2001:db8:0:0:1::/80", "fe80::/10");
        assertThat(networks).isEqualTo(AllowedNetworks.of(networks.blocks()));
        assertThat(networks.toString()).startsWith("AllowedNetworks[10.0.0.0/8, ");
    }

    @Test
    void canonicalIpv6CompressesTheFirstLongestZeroRunOnly() {
        assertThat(AllowedNetworks.of(List.of("2001:0db8:0000:0001:0000:0000:0001:0000")).blocks())
                .containsExactly("2001:db8:0:1::1:0/128");
        assertThat(AllowedNetworks.of(List.of("1:0:0:2:0:0:3:4")).blocks()).containsExactly("1::2:0:0:3:4/128");
        assertThat(AllowedNetworks.of(List.of("1:2:3:4:5:6:0:8")).blocks()).containsExactly("1:2:3:4:5:6:0:8/128");
        assertThat(AllowedNetworks.of(List.of("::")).blocks()).containsExactly("::/128");
    }

    @Test
    void noBlocksMeansAnyNetworkEvenWithoutAnAddress() {
        assertThat(AllowedNetworks.of(List.of())).isSameAs(AllowedNetworks.any());
        assertThat(AllowedNetworks.any().blocks()).isEmpty();
        assertThat(AllowedNetworks.any().allows(null)).isTrue();
        assertThat(AllowedNetworks.any().allows("not an address")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/33", "10.0.0.1/8", "::1/129", "1.2.3", "a.b.c.d/8", "example.com", "",
            "   ", "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/08", "10.0.0.0/8/8", "256.0.0.0/8", "010.0.0.0/8",
            "1.2.3.4.5", "1.2.3.4 /32", "10.0.0.0/ 8", "2001:db8::1/32", ":::/0", "1::2::3", "1:2:3:4:5:6:7:8:9",
            "12345::/16", "2001:db8:/32", "::ffff:1.2.3/128", "::1.2.3.4.5", "fe80::1%eth0", "[::1]", "١.٢.٣.٤",
            "0x7f.0.0.1", "localhost", "::ffff:192.0.2.1/97"})
    void malformedBlocksAreRefusedWithTheStandardMessage(String block) {
        assertThatThrownBy(() -> AllowedNetworks.of(List.of("192.0.2.0/24", block)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("allowedNetworks: expected a CIDR block such as 192.0.2.0/24 or 2001:db8::/32, got '"
                        + block + "'");
    }

    @Test
    void nullBlockAndTooManyBlocksAreRefused() {
        assertThatThrownBy(() -> AllowedNetworks.of(Arrays.asList("10.0.0.0/8", null)))
                .hasMessage("allowedNetworks: expected a CIDR block such as 192.0.2.0/24 or 2001:db8::/32, got 'null'");
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 33; i++) {
            many.add("10." + i + ".0.0/16");
        }
        assertThatThrownBy(() -> AllowedNetworks.of(many))
                .hasMessage("allowedNetworks: expected at most 32 CIDR blocks, got '33 blocks'");
        assertThat(AllowedNetworks.of(many.subList(0, 32)).blocks()).hasSize(32);
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "localhost", "192.0.2.7.nip.io", "", "1.2.3", "::g", "192.0.2.7 ",
            "192.0.2.07", "[192.0.2.7]", "192.0.2.7:8080"})
    void anAddressThatIsNotALiteralIsOutsideEveryBlockAndNeverResolved(String address) {
        AllowedNetworks everything = AllowedNetworks.of(List.of("0.0.0.0/0", "::/0"));

        assertThat(everything.allows(address)).isFalse();
        assertThat(everything.allows(null)).isFalse();
        assertThat(IpLiteral.parse(address)).isNull();
    }

    // ---------------------------------------------------------------- against java.net.InetAddress

    static Stream<Long> seeds() {
        return Stream.of(1L, 2L, 3L, 20261201L);
    }

    /** Random valid literals written in many ways; InetAddress.getByName on a literal makes no DNS lookup. */
    @ParameterizedTest
    @MethodSource("seeds")
    void parserAgreesWithInetAddressOnRandomLiterals(long seed) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        for (int n = 0; n < 2_000; n++) {
            byte[] bytes = new byte[random.nextBoolean() ? 4 : 16];
            random.nextBytes(bytes);
            if (bytes.length == 16) {
                zeroSomeGroups(bytes, random);
                if (random.nextInt(8) == 0) {
                    Arrays.fill(bytes, 0, 10, (byte) 0);
                    bytes[10] = (byte) 0xff;
                    bytes[11] = (byte) 0xff;
                }
            }
            String literal = bytes.length == 4 ? ipv4(bytes) : ipv6(bytes, random);

            InetAddress expected = InetAddress.getByName(literal);
            IpLiteral parsed = IpLiteral.parse(literal);

            assertThat(parsed).as(literal).isNotNull();
            assertThat(toBytes(parsed)).as(literal).isEqualTo(expected.getAddress());
            int prefix = parsed.v4 ? 32 : 128;
            String canonical = AllowedNetworks.of(List.of(literal)).blocks().get(0);
            assertThat(canonical).as(literal).endsWith("/" + prefix);
            assertThat(InetAddress.getByName(canonical.substring(0, canonical.indexOf('/'))).getAddress())
                    .as("canonical form of " + literal).isEqualTo(expected.getAddress());
            assertThat(AllowedNetworks.of(List.of(literal)).allows(literal)).as(literal).isTrue();
        }
    }

    /**
     * Random strings of the characters literals are made of: parsing never throws, a block is refused only with the
     * standard message, and whatever the parser accepts, InetAddress reads as the same address (it only ever sees
     * strings of digits, dots, hex digits and colons, which it reads as literals: no lookup).
     */
    @ParameterizedTest
    @MethodSource("seeds")
    void parserNeverThrowsOnRandomTextAndWhatItAcceptsInetAddressAgreesWith(long seed) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        String alphabet = "0123456789abcdefABCDEF:.:.::/%[] x0";
        int accepted = 0;
        for (int n = 0; n < 20_000; n++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(1, 24);
            for (int i = 0; i < length; i++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String candidate = text.toString();
            IpLiteral parsed = IpLiteral.parse(candidate);
            try {
                AllowedNetworks.of(List.of(candidate));
            } catch (IllegalArgumentException e) {
                assertThat(e.getMessage()).startsWith("allowedNetworks: expected a CIDR block such as ");
            }
            if (parsed != null) {
                accepted++;
                assertThat(candidate).as("only literal characters reach InetAddress").matches("[0-9a-fA-F:.]+");
                assertThat(toBytes(parsed)).as(candidate).isEqualTo(InetAddress.getByName(candidate).getAddress());
            }
        }
        assertThat(accepted).as("some random strings are literals").isPositive();
    }

    private static void zeroSomeGroups(byte[] bytes, SplittableRandom random) {
        int start = random.nextInt(8);
        int length = random.nextInt(9 - start);
        Arrays.fill(bytes, start * 2, (start + length) * 2, (byte) 0);
    }

    private static String ipv4(byte[] b) {
        return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
    }

    /** Full, with leading zeros, compressed at a random zero run, upper case, or with an IPv4 tail. */
    private static String ipv6(byte[] b, SplittableRandom random) {
        String[] groups = new String[8];
        boolean leadingZeros = random.nextBoolean();
        for (int g = 0; g < 8; g++) {
            int value = ((b[2 * g] & 0xff) << 8) | (b[2 * g + 1] & 0xff);
            groups[g] = leadingZeros ? String.format(Locale.ROOT, "%04x", value) : Integer.toHexString(value);
        }
        boolean v4Tail = random.nextInt(4) == 0;
        int count = v4Tail ? 6 : 8;
        List<String> parts = new ArrayList<>(Arrays.asList(groups).subList(0, count));
        String tail = v4Tail ? ipv4(Arrays.copyOfRange(b, 12, 16)) : null;
        // Compress one run of zero groups, if any, chosen at random.
        List<int[]> runs = new ArrayList<>();
        for (int g = 0; g < count; g++) {
            if (Integer.parseInt(parts.get(g), 16) == 0) {
                int end = g;
                while (end < count && Integer.parseInt(parts.get(end), 16) == 0) {
                    end++;
                }
                runs.add(new int[] {g, end});
                g = end;
            }
        }
        String text;
        if (!runs.isEmpty() && random.nextBoolean()) {
            int[] run = runs.get(random.nextInt(runs.size()));
            String head = String.join(":", parts.subList(0, run[0]));
            String rest = String.join(":", parts.subList(run[1], count));
            text = head + "::" + rest;
            if (tail != null) {
                text = text + (rest.isEmpty() ? "" : ":") + tail;
            }
        } else {
            text = String.join(":", parts) + (tail == null ? "" : ":" + tail);
        }
        return random.nextBoolean() ? text.toUpperCase(Locale.ROOT) : text;
    }

    private static byte[] toBytes(IpLiteral ip) {
        if (ip.v4) {
            long v = ip.lo;
            return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
        }
        byte[] bytes = new byte[16];
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (ip.hi >>> (56 - 8 * i));
            bytes[8 + i] = (byte) (ip.lo >>> (56 - 8 * i));
        }
        return bytes;
    }
}
