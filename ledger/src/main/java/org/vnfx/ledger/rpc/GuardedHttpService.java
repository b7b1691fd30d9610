package org.vnfx.ledger.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.http.HttpService;

/**
 * web3j's HTTP transport with the checks a node's reply must pass before web3j reads it: an HTTP 2xx status,
 * at most {@link RpcLimits#maxReplyBytes()} bytes, complete within {@link RpcLimits#callTimeoutSeconds()},
 * JSON, the request's {@code id}, and a {@code result} or an {@code error}. Anything else — and a result of
 * the wrong shape — becomes a {@link ChainRpcException} naming the method and the node, instead of web3j's
 * bare parser errors, a null result, or a read that never ends.
 */
public final class GuardedHttpService extends HttpService {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int QUOTED_CHARS = 120;

    private final URI node;
    private final RpcLimits limits;

    public GuardedHttpService(URI node, RpcLimits limits) {
        super(node.toString(), client(node, limits));
        this.node = node;
        this.limits = limits;
    }

    @Override
    public <T extends Response> T send(Request request, Class<T> responseType) throws IOException {
        try {
            return super.send(request, responseType);
        } catch (ChainRpcException e) {
            throw e;
        } catch (InterruptedIOException e) {
            // OkHttp's call timeout replaces whatever the interceptor threw with its own "timeout".
            throw new ChainRpcException(request.getMethod(), node, "no complete reply within " + limits.callTimeoutSeconds() + " s", e);
        } catch (IOException | RuntimeException e) {
            // The reply passed the checks, so it is JSON-RPC: what failed is web3j mapping its result.
            throw new ChainRpcException(request.getMethod(), node,
                    "the result does not fit " + responseType.getSimpleName() + ": " + firstLine(e), e);
        }
    }

    private static OkHttpClient client(URI node, RpcLimits limits) {
        return new OkHttpClient.Builder()
                .connectTimeout(limits.connectTimeoutSeconds(), TimeUnit.SECONDS)
                .readTimeout(limits.callTimeoutSeconds(), TimeUnit.SECONDS)
                .writeTimeout(limits.callTimeoutSeconds(), TimeUnit.SECONDS)
                .callTimeout(limits.callTimeoutSeconds(), TimeUnit.SECONDS)
                .addInterceptor(chain -> checked(chain, node, limits))
                .build();
    }

    private static okhttp3.Response checked(Interceptor.Chain chain, URI node, RpcLimits limits) throws IOException {
        JsonNode sent = sentPayload(chain.request());
        String method = sent.isArray() ? "batch of " + sent.size() : sent.path("method").asText("?");
        okhttp3.Response reply;
        byte[] bytes;
        try {
            reply = chain.proceed(chain.request());
            bytes = readCapped(reply, method, node, limits);
        } catch (ChainRpcException e) {
            throw e;
        } catch (InterruptedIOException e) {
            throw new ChainRpcException(method, node, "no complete reply within " + limits.callTimeoutSeconds() + " s", e);
        } catch (IOException e) {
            if (chain.call().isCanceled()) {
                throw new ChainRpcException(method, node, "no complete reply within " + limits.callTimeoutSeconds() + " s", e);
            }
            throw new ChainRpcException(method, node, "no reply: " + firstLine(e), e);
        }
        if (!reply.isSuccessful()) {
            throw new ChainRpcException(method, node, "HTTP " + reply.code() + " (" + reply.header("Content-Type", "no content type")
                    + "): " + quote(bytes));
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new ChainRpcException(method, node, "the reply is not complete JSON (" + firstLine(e) + "): " + quote(bytes));
        }
        if (sent.isArray()) {
            if (answer == null || !answer.isArray() || answer.size() != sent.size()) {
                throw new ChainRpcException(method, node, "the reply is not an array of " + sent.size() + " answers: " + quote(bytes));
            }
            for (int i = 0; i < sent.size(); i++) checkAnswer(sent.get(i), answer.get(i), sent.get(i).path("method").asText("?"), node, bytes);
        } else {
            checkAnswer(sent, answer, method, node, bytes);
        }
        return reply.newBuilder().body(ResponseBody.create(bytes, MediaType.get("application/json"))).build();
    }

    private static void checkAnswer(JsonNode sent, JsonNode answer, String method, URI node, byte[] bytes) throws ChainRpcException {
        if (answer == null || !answer.isObject()) {
            throw new ChainRpcException(method, node, "the reply is not a JSON-RPC object: " + quote(bytes));
        }
        if (!answer.path("id").equals(sent.path("id"))) {
            throw new ChainRpcException(method, node, "the reply's id " + answer.path("id") + " is not the request's " + sent.path("id"));
        }
        if (!answer.has("result") && !answer.hasNonNull("error")) {
            throw new ChainRpcException(method, node, "the reply has neither a result nor an error: " + quote(bytes));
        }
        JsonNode error = answer.path("error");
        if (answer.hasNonNull("error") && !(error.isObject() && error.path("code").isIntegralNumber() && error.path("message").isTextual())) {
            throw new ChainRpcException(method, node, "the reply's error is not {code, message}: " + quote(bytes));
        }
    }

    /** Reads at most the limit: a declared or streamed body beyond it is refused without being held. */
    private static byte[] readCapped(okhttp3.Response reply, String method, URI node, RpcLimits limits) throws IOException {
        ResponseBody body = reply.body();
        if (body == null) return new byte[0];
        try (body) {
            long declared = body.contentLength();
            if (declared > limits.maxReplyBytes()) {
                throw new ChainRpcException(method, node, "the reply declares " + declared + " bytes, over the limit of "
                        + limits.maxReplyBytes() + " bytes");
            }
            BufferedSource source = body.source();
            if (source.request(limits.maxReplyBytes() + 1)) {
                throw new ChainRpcException(method, node, "the reply exceeds the limit of " + limits.maxReplyBytes() + " bytes");
            }
            return source.readByteArray();
        }
    }

    private static JsonNode sentPayload(okhttp3.Request request) throws IOException {
        if (request.body() == null) return JSON.createObjectNode();
        Buffer b = new Buffer();
        request.body().writeTo(b);
        return JSON.readTree(b.readByteArray());
    }

    private static String quote(byte[] bytes) {
        String s = new String(bytes, 0, Math.min(bytes.length, QUOTED_CHARS * 4), StandardCharsets.UTF_8).replaceAll("\\s+", " ").strip();
        if (s.isEmpty()) return "(empty)";
        return "'" + (s.length() > QUOTED_CHARS ? s.substring(0, QUOTED_CHARS) + "…" : s) + "'";
    }

    private static String firstLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse(m);
    }
}
