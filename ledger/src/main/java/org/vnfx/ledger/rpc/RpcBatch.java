package org.vnfx.ledger.rpc;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.BatchRequest;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;

/**
 * Many JSON-RPC requests in few round trips (JSON-RPC 2.0 batches): what an agent that reads or sends for
 * hundreds of requests at once uses instead of one HTTP exchange per call. Replies come back in request
 * order, each with its own result or error; an error of one request is the caller's to read, not thrown.
 */
public final class RpcBatch {
    /**
     * Requests per HTTP exchange. A batch of receipts with their logs stays well under the reply limit
     * ({@link RpcLimits#maxReplyBytes()}) at this size, and the node answers it within the call timeout.
     */
    public static final int MAX_REQUESTS_PER_EXCHANGE = 200;

    private RpcBatch() {}

    /** Sends {@code requests} in as many batches as needed; the replies, one per request, in the same order. */
    public static List<Response<?>> send(Web3j web3j, List<? extends Request<?, ? extends Response<?>>> requests) throws IOException {
        List<Response<?>> replies = new ArrayList<>(requests.size());
        for (int from = 0; from < requests.size(); from += MAX_REQUESTS_PER_EXCHANGE) {
            List<? extends Request<?, ? extends Response<?>>> part = requests.subList(from, Math.min(requests.size(), from + MAX_REQUESTS_PER_EXCHANGE));
            if (part.size() == 1) {
                // A batch of one is still a batch to the node; a plain request is what every node answers.
                replies.add(part.get(0).send());
                continue;
            }
            BatchRequest batch = web3j.newBatch();
            for (Request<?, ? extends Response<?>> r : part) batch.add(r);
            List<? extends Response<?>> answered = batch.send().getResponses();
            if (answered.size() != part.size()) {
                throw new IOException("a batch of " + part.size() + " JSON-RPC requests got " + answered.size() + " replies");
            }
            replies.addAll(answered);
        }
        return replies;
    }
}
