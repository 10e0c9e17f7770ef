// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench.impl;

import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;

/**
 * One client connection: where it connects, which room it is in, what it has sent and what it has received. Owned
 * by its {@link Lane}; touched only on that lane's context once connected.
 */
final class Member {

    final int id;
    final int room;
    final int indexInRoom;
    final Lane lane;
    final int client;
    final WebSocketConnectOptions target;
    WebSocket ws;
    DeliveryLedger ledger;
    int sent;
    int inFlight;
    boolean finished;
    boolean ready;
    boolean warming;

    Member(int id, int room, int indexInRoom, Lane lane, int client, WebSocketConnectOptions target) {
        this.id = id;
        this.room = room;
        this.indexInRoom = indexInRoom;
        this.lane = lane;
        this.client = client;
        this.target = target;
    }
}
