package dev.trafficmirror.core;

import dev.trafficmirror.spi.Comparison;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One recent mismatch, kept for the status page: what was asked, what each side answered, the
 * differences, and a {@code curl} command line that replays the request. Made redacted by the
 * mirror's {@link SensitiveData}: sensitive query values, header values and body values at its JSON
 * Pointers read {@link SensitiveData#REDACTED}. Immutable.
 *
 * @param mirrorId the mirror id, also in spans and logs
 * @param target the target's name
 * @param time when the outcome was decided
 * @param method the request method
 * @param route the normalised route
 * @param pathAndQuery the request path with its raw query, sensitive values redacted
 * @param productionStatus production's status
 * @param shadowStatus the shadow's status
 * @param comparison the differences
 * @param curl a shell command line replaying the request against the target, or null when the body
 *     cannot be shown (binary or large)
 */
public record MismatchRecord(
    String mirrorId,
    String target,
    Instant time,
    String method,
    String route,
    String pathAndQuery,
    int productionStatus,
    int shadowStatus,
    Comparison comparison,
    @Nullable String curl) {}
