package org.schemenet.ui;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.impl.VertxInternal;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.deeplearning4j.ui.VertxUIServer;

/**
 * DL4J's UI server ({@link VertxUIServer}: its routes, pages and modules unchanged) listening on
 * 127.0.0.1:{@code port} only. {@code VertxUIServer.start} makes its HTTP server with
 * {@code vertx.createHttpServer()} and calls {@code listen(port, handler)}, which Vert.x 3.9 binds to
 * 0.0.0.0 (every network interface) on the port of the system property {@code org.deeplearning4j.ui.port}
 * or 9000. While {@link #start} runs, this class hands it a view of its Vert.x instance whose HTTP servers'
 * {@code listen(port, handler)} binds 127.0.0.1 and this object's port instead; everything else goes to
 * the real instance.
 */
final class LoopbackUiServer extends VertxUIServer {
    /** The only address it listens on. */
    static final String HOST = "127.0.0.1";

    private final int port;

    /** @param port the port on 127.0.0.1; 0 for a free one */
    LoopbackUiServer(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("a TCP port is 0 to 65535, got " + port);
        }
        this.port = port;
    }

    @Override
    public void start(Promise<Void> started) throws Exception {
        Vertx own = vertx;
        vertx = loopback(own);
        try {
            super.start(started);
        } finally {
            vertx = own;
        }
    }

    /** {@code vertx}, except that the HTTP servers it makes listen on {@link #HOST} and {@link #port}. */
    private Vertx loopback(Vertx vertx) {
        Class<?> type = vertx instanceof VertxInternal ? VertxInternal.class : Vertx.class;
        return (Vertx) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> {
                    Object result = call(vertx, method, args);
                    return result instanceof HttpServer server && method.getName().equals("createHttpServer")
                            ? onLoopback(server) : result;
                });
    }

    /** {@code server} with {@code listen(port, handler)} and {@code listen(port)} bound to {@link #HOST}:{@link #port}. */
    private HttpServer onLoopback(HttpServer server) {
        InvocationHandler handler = new InvocationHandler() {
            @Override
            public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
                Object result;
                if (method.getName().equals("listen") && args != null && args.length >= 1
                        && method.getParameterTypes()[0] == int.class
                        && (args.length == 1 || method.getParameterTypes()[1] != String.class)) {
                    result = args.length == 1 ? server.listen(port, HOST)
                            : server.listen(port, HOST, cast(args[1]));
                } else {
                    result = call(server, method, args);
                }
                return result == server ? proxy : result; // the fluent methods return the proxy, so listen stays ours
            }
        };
        return (HttpServer) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {HttpServer.class},
                handler);
    }

    @SuppressWarnings("unchecked")
    private static <T> io.vertx.core.Handler<T> cast(Object handler) {
        return (io.vertx.core.Handler<T>) handler;
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
