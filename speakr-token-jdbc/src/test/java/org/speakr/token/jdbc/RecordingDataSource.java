package org.speakr.token.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} proxy that records every SQL text and every value bound with a {@code set*} call on a
 * statement, and counts {@code addBatch} and {@code executeBatch} calls. Test helper.
 */
final class RecordingDataSource {
    final List<String> sql = Collections.synchronizedList(new ArrayList<>());
    final List<Object> parameters = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger addBatchCalls = new AtomicInteger();
    final AtomicInteger executeBatchCalls = new AtomicInteger();
    final AtomicInteger executeQueryCalls = new AtomicInteger();
    final AtomicInteger statements = new AtomicInteger();
    final List<Object> queryTimeouts = Collections.synchronizedList(new ArrayList<>());

    private final DataSource target;

    RecordingDataSource(DataSource target) {
        this.target = target;
    }

    DataSource dataSource() {
        return proxy(DataSource.class, target);
    }

    void reset() {
        sql.clear();
        parameters.clear();
        addBatchCalls.set(0);
        executeBatchCalls.set(0);
        executeQueryCalls.set(0);
        statements.set(0);
        queryTimeouts.clear();
    }

    private <T> T proxy(Class<T> type, Object delegate) {
        InvocationHandler handler = (proxy, method, args) -> invoke(delegate, method, args);
        return type.cast(Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type}, handler));
    }

    private Object invoke(Object delegate, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        if (delegate instanceof Statement) {
            if (name.equals("setQueryTimeout")) {
                queryTimeouts.add(args[0]);
            } else if (name.startsWith("set") && args != null && args.length >= 2 && args[0] instanceof Integer) {
                for (int i = 1; i < args.length; i++) {
                    parameters.add(args[i]);
                }
            } else if (name.equals("addBatch")) {
                addBatchCalls.incrementAndGet();
            } else if (name.equals("executeBatch") || name.equals("executeLargeBatch")) {
                executeBatchCalls.incrementAndGet();
            } else if (name.equals("executeQuery")) {
                executeQueryCalls.incrementAndGet();
            }
            if (name.startsWith("execute") && args != null && args.length >= 1 && args[0] instanceof String text) {
                sql.add(text);
            }
        }
        Object result;
        try {
            result = method.invoke(delegate, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        if (result instanceof Connection connection && name.equals("getConnection")) {
            return proxy(Connection.class, connection);
        }
        if (delegate instanceof Connection) {
            if (name.startsWith("prepare") && args != null && args.length >= 1 && args[0] instanceof String text) {
                sql.add(text);
            }
            if (result instanceof Statement) {
                statements.incrementAndGet();
            }
            if (result instanceof PreparedStatement statement) {
                return proxy(PreparedStatement.class, statement);
            }
            if (result instanceof Statement statement) {
                return proxy(Statement.class, statement);
            }
        }
        return result;
    }
}
