// SPDX-License-Identifier: Apache-2.0
package io.switchboard.server.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AddressBlockTest {

    private static AddressBlock block(String text) {
        return AddressBlock.parse("server.trustedProxies", text);
    }

    @Test
    void aSingleAddressContainsOnlyItself() {
        AddressBlock one = block("10.0.0.7");
        assertThat(one.contains("10.0.0.7")).isTrue();
        assertThat(one.contains("10.0.0.6")).isFalse();
        assertThat(one.contains("10.0.0.8")).isFalse();
        AddressBlock v6 = block("::1");
        assertThat(v6.contains("::1")).isTrue();
        assertThat(v6.contains("0:0:0:0:0:0:0:1")).as("another spelling").isTrue();
        assertThat(v6.contains("::2")).isFalse();
    }

    @Test
    void aV4BlockContainsItsRangeAndNothingElse() {
        AddressBlock ten = block("10.0.0.0/8");
        assertThat(ten.contains("10.0.0.0")).isTrue();
        assertThat(ten.contains("10.255.255.255")).isTrue();
        assertThat(ten.contains("11.0.0.0")).isFalse();
        assertThat(ten.contains("9.255.255.255")).isFalse();
    }

    @Test
    void prefixesThatAreNotWholeBytesCompareTheirBits() {
        AddressBlock upperHalf = block("192.168.1.128/25");
        assertThat(upperHalf.contains("192.168.1.128")).isTrue();
        assertThat(upperHalf.contains("192.168.1.255")).isTrue();
        assertThat(upperHalf.contains("192.168.1.127")).isFalse();
        assertThat(upperHalf.contains("192.168.0.200")).isFalse();

        AddressBlock private172 = block("172.16.0.0/12");
        assertThat(private172.contains("172.16.0.1")).isTrue();
        assertThat(private172.contains("172.31.255.254")).isTrue();
        assertThat(private172.contains("172.32.0.1")).isFalse();
        assertThat(private172.contains("172.15.255.255")).isFalse();

        AddressBlock lowerHalf = block("0.0.0.0/1");
        assertThat(lowerHalf.contains("127.255.255.255")).isTrue();
        assertThat(lowerHalf.contains("128.0.0.0")).isFalse();

        AddressBlock pair = block("10.0.0.6/31");
        assertThat(pair.contains("10.0.0.6")).isTrue();
        assertThat(pair.contains("10.0.0.7")).isTrue();
        assertThat(pair.contains("10.0.0.8")).isFalse();
        assertThat(pair.contains("10.0.0.5")).isFalse();
    }

    @Test
    void hostBitsInTheNetworkAreIgnored() {
        AddressBlock block = block("10.1.2.3/8");
        assertThat(block.contains("10.200.0.1")).isTrue();
        assertThat(block.contains("11.1.2.3")).isFalse();
    }

    @Test
    void v6BlocksWithWholeAndOddPrefixes() {
        AddressBlock ula = block("fd00::/8");
        assertThat(ula.contains("fd12:3456::1")).isTrue();
        assertThat(ula.contains("fe80::1")).isFalse();

        AddressBlock documentation = block("2001:db8::/33");
        assertThat(documentation.contains("2001:db8:7fff:ffff::1")).isTrue();
        assertThat(documentation.contains("2001:db8:8000::1")).isFalse();
        assertThat(documentation.contains("2001:db9::1")).isFalse();

        AddressBlock pair = block("2001:db8::/127");
        assertThat(pair.contains("2001:db8::1")).isTrue();
        assertThat(pair.contains("2001:db8::2")).isFalse();
    }

    @Test
    void slashZeroContainsEveryAddressOfItsFamilyOnly() {
        AddressBlock allV4 = block("0.0.0.0/0");
        assertThat(allV4.contains("1.2.3.4")).isTrue();
        assertThat(allV4.contains("255.255.255.255")).isTrue();
        assertThat(allV4.contains("::1")).isFalse();

        AddressBlock allV6 = block("::/0");
        assertThat(allV6.contains("2001:db8::1")).isTrue();
        assertThat(allV6.contains("::1")).isTrue();
        assertThat(allV6.contains("1.2.3.4")).isFalse();
    }

    @Test
    void whatIsNotAnAddressIsNeverContained() {
        AddressBlock all = block("0.0.0.0/0");
        assertThat(all.contains(null)).isFalse();
        assertThat(all.contains("unknown")).isFalse();
        assertThat(all.contains("localhost")).isFalse();
        assertThat(all.contains("10.0.0")).isFalse();
        assertThat(all.contains("")).isFalse();
    }

    @Test
    void surroundingSpaceInAnEntryIsAllowed() {
        assertThat(block("  10.0.0.0/8 ").contains("10.1.1.1")).isTrue();
    }

    @Test
    void badEntriesAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> block("proxy.internal"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("server.trustedProxies 'proxy.internal' is not an IP address"
                        + " or a CIDR block such as 10.0.0.0/8");
        assertThatThrownBy(() -> block("localhost"))
                .as("no name lookup")
                .hasMessageStartingWith("server.trustedProxies 'localhost' is not an IP address");
        assertThatThrownBy(() -> block("")).hasMessageStartingWith("server.trustedProxies '' is not an IP address");
        assertThatThrownBy(() -> block("256.0.0.0/8")).hasMessageStartingWith("server.trustedProxies '256.0.0.0/8'");
        assertThatThrownBy(() -> block("10.0.0.0/33"))
                .hasMessage("server.trustedProxies '10.0.0.0/33' has a prefix length outside 0-32");
        assertThatThrownBy(() -> block("10.0.0.0/-1"))
                .hasMessage("server.trustedProxies '10.0.0.0/-1' has a prefix length outside 0-32");
        assertThatThrownBy(() -> block("10.0.0.0/")).hasMessageContaining("prefix length outside 0-32");
        assertThatThrownBy(() -> block("10.0.0.0/eight")).hasMessageContaining("prefix length outside 0-32");
        assertThatThrownBy(() -> block("fd00::/129"))
                .hasMessage("server.trustedProxies 'fd00::/129' has a prefix length outside 0-128");
        assertThatThrownBy(() -> AddressBlock.parse("some.other.key", "nope")).hasMessageStartingWith("some.other.key");
    }

    @Test
    void ipv4MappedV6AddressesAreTakenAsTheV4AddressTheyMap() {
        assertThat(block("10.0.0.0/8").contains("::ffff:10.1.2.3"))
                .as("a dual-stack socket's peer")
                .isTrue();
        assertThat(block("10.0.0.0/8").contains("::ffff:11.1.2.3")).isFalse();
        AddressBlock mapped = block("::ffff:10.0.0.0/104");
        assertThat(mapped.contains("10.1.2.3")).isTrue();
        assertThat(mapped.contains("::ffff:10.1.2.3")).isTrue();
        assertThat(mapped.contains("11.1.2.3")).isFalse();
        assertThat(block("::ffff:10.0.0.7").contains("10.0.0.7")).isTrue();
        assertThat(block("::1").contains("::ffff:0.0.0.1")).as("not loopback").isFalse();
    }
}
