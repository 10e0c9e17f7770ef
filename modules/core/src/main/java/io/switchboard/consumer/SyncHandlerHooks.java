// SPDX-License-Identifier: Apache-2.0
package io.switchboard.consumer;

import io.switchboard.consumer.spi.SyncHandlerListener;
import java.util.List;
import java.util.ServiceLoader;

/** The {@link SyncHandlerListener}s on the class path, loaded once, run around every sync handler. */
final class SyncHandlerHooks {

    private static final List<SyncHandlerListener> LISTENERS = ServiceLoader.load(SyncHandlerListener.class).stream()
            .map(ServiceLoader.Provider::get)
            .toList();

    private SyncHandlerHooks() {}

    interface Body {
        void run() throws Exception;
    }

    static Void around(Body body) throws Exception {
        for (SyncHandlerListener listener : LISTENERS) {
            listener.beforeHandler();
        }
        try {
            body.run();
            return null;
        } finally {
            for (SyncHandlerListener listener : LISTENERS) {
                listener.afterHandler();
            }
        }
    }
}
