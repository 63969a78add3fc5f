package io.knowledgehub.api.mcp;

import io.knowledgehub.core.error.ConflictException;
import io.knowledgehub.core.error.InvalidInputException;
import io.quarkiverse.mcp.server.ToolCallException;
import org.jboss.logging.Logger;

import java.util.function.Supplier;

/**
 * Runs a tool's work and turns every failure into a tool error ({@code isError: true}) with a sentence the assistant
 * can act on. Bad input and conflicts carry their own sentence; anything unexpected is logged here and reported
 * without its class name or stack trace.
 */
final class ToolCalls {

    private static final Logger LOG = Logger.getLogger(ToolCalls.class);

    private ToolCalls() {
    }

    static String run(String tool, Supplier<String> work) {
        try {
            return work.get();
        } catch (ToolCallException e) {
            throw e;
        } catch (InvalidInputException | ConflictException e) {
            throw new ToolCallException(e.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf(e, "MCP tool %s failed", tool);
            throw new ToolCallException(tool + " failed on the server (the server log has the details); "
                    + "try again, and if it keeps failing tell the KnowledgeHub operator.");
        }
    }
}
