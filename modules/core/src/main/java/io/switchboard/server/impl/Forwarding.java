// SPDX-License-Identifier: Apache-2.0
package io.switchboard.server.impl;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import java.util.List;

/**
 * Who the client is and whether it used TLS, believing {@code X-Forwarded-For} and {@code X-Forwarded-Proto} only
 * from the configured proxies. The client is the rightmost address in {@code X-Forwarded-For} that is not itself a
 * trusted proxy: entries to its left were written by the client and prove nothing. Any thread.
 */
public final class Forwarding {

    private final List<AddressBlock> trusted;

    /**
     * @param trustedProxies addresses or CIDR blocks, as {@code server.trustedProxies} holds them
     */
    public Forwarding(List<String> trustedProxies) {
        this.trusted = trustedProxies.stream()
                .map(entry -> AddressBlock.parse("server.trustedProxies", entry))
                .toList();
    }

    /**
     * @param request a request
     * @return the client's address as text
     */
    public String client(HttpServerRequest request) {
        String peer = peer(request);
        if (!isTrusted(peer)) {
            return peer;
        }
        List<String> forwarded = request.headers().getAll("X-Forwarded-For");
        String client = peer;
        for (int h = forwarded.size() - 1; h >= 0; h--) {
            String[] hops = forwarded.get(h).split(",");
            for (int i = hops.length - 1; i >= 0; i--) {
                String hop = hops[i].trim();
                if (hop.isEmpty()) {
                    continue;
                }
                client = hop;
                if (!isTrusted(hop)) {
                    return hop;
                }
            }
        }
        return client;
    }

    /**
     * @param request a request
     * @return whether the client used TLS: to this server, or to a trusted proxy that says so
     */
    public boolean secure(HttpServerRequest request) {
        if (request.isSSL()) {
            return true;
        }
        String proto = request.getHeader("X-Forwarded-Proto");
        return proto != null && isTrusted(peer(request)) && proto.trim().equalsIgnoreCase("https");
    }

    private static String peer(HttpServerRequest request) {
        SocketAddress remote = request.remoteAddress();
        if (remote == null) {
            return "unknown";
        }
        return remote.hostAddress() != null ? remote.hostAddress() : remote.toString();
    }

    private boolean isTrusted(String address) {
        for (AddressBlock block : trusted) {
            if (block.contains(address)) {
                return true;
            }
        }
        return false;
    }
}
