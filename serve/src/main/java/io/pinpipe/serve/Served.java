package io.pinpipe.serve;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pinpipe.pipelines.analytics.AnalyticsAnswer;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What {@code serve} answers from, made whole by the refresher and swapped in at once: the nine
 * answers of one batch run merged with the speed rows held at that moment, already rendered, so a
 * request only picks bytes (no answer mixes two batch views, and no request waits for a refresh).
 *
 * @param answers the answers by id, in question order
 * @param json each answer's JSON body by id
 * @param csv each answer's CSV body by id
 * @param page the live page
 * @param batchRun the clean run whose batch views these are
 * @param madeAt when the refresher rendered it
 * @param figures what the view held then, for {@code /metrics}: rows, bytes of their columns,
 *     median values
 */
record Served(
    List<AnalyticsAnswer> answers,
    Map<String, byte[]> json,
    Map<String, byte[]> csv,
    byte[] page,
    String batchRun,
    Instant madeAt,
    ObjectNode figures) {}
