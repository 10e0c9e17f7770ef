// SPDX-License-Identifier: Apache-2.0
package io.switchboard.server.impl;

import io.switchboard.consumer.Scope;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.List;

/** Builds the scope of an upgrade request. */
final class Scopes {

    private Scopes() {}

    static Scope fromRequest(HttpServerRequest request, String client, boolean secure) {
        SocketAddress peer = request.remoteAddress();
        SocketAddress clientAddress = peer != null && client.equals(peer.hostAddress())
                ? peer
                : SocketAddress.inetSocketAddress(0, client); // forwarded by a trusted proxy: its port is unknown
        Scope.Builder builder = Scope.builder(decodePath(request.path()))
                .scheme(secure ? "wss" : "ws")
                .queryString(request.query())
                .addresses(clientAddress, request.localAddress())
                .headers(request.headers());
        String offered = request.getHeader("Sec-WebSocket-Protocol");
        if (offered != null) {
            List<String> protocols = Arrays.stream(offered.split(","))
                    .map(String::trim)
                    .filter(p -> !p.isEmpty())
                    .toList();
            builder.subprotocols(protocols);
        }
        return builder.build();
    }

    private static String decodePath(String raw) {
        if (raw == null || raw.isEmpty()) {
            return "/";
        }
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        try {
            return new URI("http://h" + raw).getPath();
        } catch (URISyntaxException e) {
            return raw;
        }
    }
}
