// SPDX-License-Identifier: Apache-2.0
package io.switchboard.server.impl;

import io.netty.util.NetUtil;
import java.util.Arrays;

/**
 * An IP address or a CIDR block ({@code 10.0.0.0/8}, {@code fd00::/8}), parsed without any name lookup. IPv4-mapped
 * IPv6 addresses ({@code ::ffff:10.0.0.7}, as a dual-stack socket reports an IPv4 peer) are taken as the IPv4
 * address they map.
 */
public final class AddressBlock {

    private final byte[] network;
    private final int prefix;

    private AddressBlock(byte[] network, int prefix) {
        this.network = network;
        this.prefix = prefix;
    }

    /**
     * Parses an address or a block.
     *
     * @param key the setting it comes from, for the error
     * @param text {@code 10.0.0.7}, {@code 10.0.0.0/8}, {@code ::1} or {@code fd00::/8}
     * @return the block
     * @throws IllegalArgumentException if the text is neither
     */
    public static AddressBlock parse(String key, String text) {
        String trimmed = text.trim();
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
        if (bytes == null) {
            throw new IllegalArgumentException(
                    key + " '" + text + "' is not an IP address or a CIDR block such as 10.0.0.0/8");
        }
        int prefix = bytes.length * 8;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(trimmed.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > bytes.length * 8) {
                throw new IllegalArgumentException(
                        key + " '" + text + "' has a prefix length outside 0-" + bytes.length * 8);
            }
        }
        if (isMapped(bytes)) {
            return prefix >= 96
                    ? new AddressBlock(Arrays.copyOfRange(bytes, 12, 16), prefix - 96)
                    : new AddressBlock(bytes, prefix);
        }
        return new AddressBlock(bytes, prefix);
    }

    /**
     * @param address an address as text, as a socket reports it
     * @return whether the address is in this block
     */
    public boolean contains(String address) {
        byte[] bytes = address == null ? null : NetUtil.createByteArrayFromIpAddressString(address);
        if (bytes != null && isMapped(bytes) && network.length == 4) {
            bytes = Arrays.copyOfRange(bytes, 12, 16);
        }
        if (bytes == null || bytes.length != network.length) {
            return false;
        }
        int whole = prefix / 8;
        if (!Arrays.equals(bytes, 0, whole, network, 0, whole)) {
            return false;
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xff << (8 - rest);
        return (bytes[whole] & mask) == (network[whole] & mask);
    }

    /** @return whether the address is {@code ::ffff:a.b.c.d} */
    private static boolean isMapped(byte[] bytes) {
        if (bytes.length != 16 || bytes[10] != (byte) 0xff || bytes[11] != (byte) 0xff) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
