package org.speakr.token.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * Fault injection: a {@link DataSource} proxy around a working one that, while a {@link Fault} is set, fails the
 * way a dying database or network does. Test helper.
 */
final class FaultyDataSource {

    /** What goes wrong. */
    enum Fault {
        /** Everything works. */
        NONE,
        /** {@code getConnection()} is refused (SQLState 08001). */
        CONNECT,
        /** Every {@code execute*} on a statement fails (connection reset, 08S01). */
        EXECUTE,
        /** Queries run, but the connection dies while the rows are read ({@code ResultSet.next}). */
        MID_RESULT,
        /** A batch runs on the database, then the connection dies before it reports (BatchUpdateException). */
        MID_BATCH
    }

    private final DataSource target;
    private volatile Fault fault = Fault.NONE;
    /** How often a fault was actually injected. */
    final AtomicInteger injected = new AtomicInteger();

    FaultyDataSource(DataSource target) {
        this.target = target;
    }

    void fail(Fault fault) {
        this.fault = fault;
    }

    void heal() {
        this.fault = Fault.NONE;
    }

    DataSource dataSource() {
        return proxy(DataSource.class, target);
    }

    private <T> T proxy(Class<T> type, Object delegate) {
        InvocationHandler handler = (proxy, method, args) -> invoke(delegate, method, args);
        return type.cast(Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type}, handler));
    }

    private Object invoke(Object delegate, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        Fault now = fault;
        if (delegate instanceof DataSource && name.equals("getConnection") && now == Fault.CONNECT) {
            injected.incrementAndGet();
            throw new SQLTransientConnectionException("injected: connection refused", "08001");
        }
        if (delegate instanceof Statement && name.startsWith("execute") && now == Fault.EXECUTE) {
            injected.incrementAndGet();
            throw new SQLNonTransientConnectionException("injected: connection reset", "08S01");
        }
        if (delegate instanceof ResultSet && name.equals("next") && now == Fault.MID_RESULT) {
            injected.incrementAndGet();
            throw new SQLNonTransientConnectionException("injected: connection lost while reading rows", "08S01");
        }
        Object result;
        try {
            result = method.invoke(delegate, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        if (delegate instanceof Statement && name.equals("executeBatch") && now == Fault.MID_BATCH) {
            injected.incrementAndGet();
            throw new BatchUpdateException("injected: connection lost mid-batch", "08S01", 0, (int[]) result);
        }
        if (name.equals("unwrap")) {
            return result; // the driver's own type (e.g. PGConnection), which a Connection proxy would hide
        }
        if (result instanceof Connection connection) {
            return proxy(Connection.class, connection);
        }
        if (result instanceof PreparedStatement statement) {
            return proxy(PreparedStatement.class, statement);
        }
        if (result instanceof Statement statement) {
            return proxy(Statement.class, statement);
        }
        if (result instanceof ResultSet rows) {
            return proxy(ResultSet.class, rows);
        }
        return result;
    }
}
