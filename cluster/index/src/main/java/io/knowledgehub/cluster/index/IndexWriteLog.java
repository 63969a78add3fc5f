package io.knowledgehub.cluster.index;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.knowledgehub.core.error.ServiceUnavailableException;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The Redis list through which readers of the shared Lucene index send their writes to its one writer. */
final class IndexWriteLog {

    private final UnifiedJedis redis;
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    IndexWriteLog(UnifiedJedis redis) {
        this.redis = redis;
    }

    /** How long a caller refused for an unreachable Redis is asked to wait before trying again. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(10);

    /** @throws ServiceUnavailableException when Redis cannot be reached: the write was not sent */
    void append(IndexWrite write) {
        String entry;
        try {
            entry = json.writeValueAsString(write);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an index write cannot be written as JSON", e);
        }
        try {
            redis.rpush(IndexWrite.LOG_KEY, entry);
        } catch (JedisDataException e) {
            throw e;
        } catch (JedisException e) {
            throw new ServiceUnavailableException("The search index could not be changed: Redis, through which this process "
                    + "sends its index changes to the indexer, cannot be reached. Try again once it answers.", RETRY_AFTER, e);
        }
    }

    /** Up to {@code max} writes from the head, oldest first, without removing them. */
    List<IndexWrite> peek(int max) {
        List<IndexWrite> out = new ArrayList<>();
        for (String s : redis.lrange(IndexWrite.LOG_KEY, 0, max - 1)) {
            try {
                out.add(json.readValue(s, IndexWrite.class));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("unreadable entry in " + IndexWrite.LOG_KEY + ": " + e.getOriginalMessage(), e);
            }
        }
        return out;
    }

    /** Removes the {@code count} oldest writes (after they were applied and committed). */
    void remove(int count) {
        if (count > 0) {
            redis.ltrim(IndexWrite.LOG_KEY, count, -1);
        }
    }

    long size() {
        return redis.llen(IndexWrite.LOG_KEY);
    }
}
