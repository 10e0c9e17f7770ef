// SPDX-License-Identifier: Apache-2.0
package io.switchboard.db.impl;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The connection a unit sees: the worker's connection, recording the statements the unit creates so that a
 * timeout can cancel them from another thread ({@link Statement#cancel()} is the one JDBC call meant for that).
 */
final class TrackedConnection implements InvocationHandler {

    private final Connection target;
    // guarded by itself
    private final List<Statement> statements = new ArrayList<>();

    private TrackedConnection(Connection target) {
        this.target = target;
    }

    static TrackedConnection of(Connection target) {
        return new TrackedConnection(target);
    }

    Connection proxy() {
        return (Connection)
                Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, this);
    }

    /** Cancels every statement of the unit; safe from any thread, never throws. */
    void cancelStatements() {
        List<Statement> snapshot;
        synchronized (statements) {
            snapshot = new ArrayList<>(statements);
        }
        for (Statement statement : snapshot) {
            try {
                statement.cancel();
            } catch (SQLException | RuntimeException ignored) {
                // closed or finished already
            }
        }
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "equals":
                return proxy == args[0];
            case "hashCode":
                return System.identityHashCode(proxy);
            case "toString":
                return "TrackedConnection[" + target + "]";
            default:
                break;
        }
        Object result;
        try {
            result = method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        if (result instanceof Statement) {
            synchronized (statements) {
                statements.add((Statement) result);
            }
        }
        return result;
    }
}
