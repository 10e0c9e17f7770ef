// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat.browser;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A TCP relay on loopback in front of the chat, whose connections a test can cut, as a lost network would: the
 * page behind it sees its socket drop while the server and every other page go on.
 */
final class CuttableProxy implements AutoCloseable {

    private final Set<NetSocket> open = ConcurrentHashMap.newKeySet();
    /** The relayed connections' ends: toward the page, toward the server. */
    private final Set<NetSocket> pageSides = ConcurrentHashMap.newKeySet();

    private final Set<NetSocket> serverSides = ConcurrentHashMap.newKeySet();
    private final NetClient client;
    private final NetServer server;
    private final int targetPort;

    private CuttableProxy(Vertx vertx, int targetPort) {
        this.targetPort = targetPort;
        this.client = vertx.createNetClient();
        this.server = vertx.createNetServer().connectHandler(this::relay);
    }

    static CuttableProxy start(Vertx vertx, int targetPort) throws Exception {
        CuttableProxy proxy = new CuttableProxy(vertx, targetPort);
        proxy.server.listen(0, "127.0.0.1").await(5, TimeUnit.SECONDS);
        return proxy;
    }

    private void relay(NetSocket incoming) {
        incoming.pause();
        client.connect(targetPort, "127.0.0.1")
                .onSuccess(outgoing -> {
                    for (NetSocket socket : List.of(incoming, outgoing)) {
                        open.add(socket);
                        socket.closeHandler(v -> {
                            open.remove(socket);
                            pageSides.remove(socket);
                            serverSides.remove(socket);
                        });
                    }
                    pageSides.add(incoming);
                    serverSides.add(outgoing);
                    incoming.pipeTo(outgoing);
                    outgoing.pipeTo(incoming);
                    incoming.resume();
                })
                .onFailure(err -> incoming.close());
    }

    int port() {
        return server.actualPort();
    }

    /**
     * Stops relaying toward the server: what the pages write from now on stays in the relay's socket buffers and
     * goes nowhere once {@link #cut}, as a frame in flight when its node closes the socket.
     */
    void holdTowardServer() {
        pageSides.forEach(NetSocket::pause);
    }

    /** Stops relaying toward the pages: what the server writes from now on is lost at the next {@link #cut}. */
    void holdTowardPages() {
        serverSides.forEach(NetSocket::pause);
    }

    /** Closes every connection through the relay now; new ones are relayed again. */
    void cut() throws Exception {
        for (NetSocket socket : List.copyOf(open)) {
            socket.close().await(5, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws Exception {
        server.close().await(5, TimeUnit.SECONDS);
        client.close().await(5, TimeUnit.SECONDS);
    }
}
