/*
 * Licensed to the Apache Software Foundation (ASF) under one
 * or more contributor license agreements.  See the NOTICE file
 * distributed with this work for additional information
 * regarding copyright ownership.  The ASF licenses this file
 * to you under the Apache License, Version 2.0 (the
 * "License"); you may not use this file except in compliance
 * with the License.  You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

/*
 * pinpipe: Beam 2.70.0's ReaderInvocationUtil (beam-runners-flink-1.19-2.70.0-sources.jar) with one
 * change: after each advance() it passed the source step's metrics on to Flink, which collects the
 * results of every step in the operator chain and queries them, for every record read (a quarter
 * of a stream source thread's CPU in a catch-up profile). Now it passes them on at most once a
 * second while records flow, and always when the reader has nothing more at the moment (advance()
 * false: a drained unbounded reader, the end of a bounded one), so the values Flink shows are at
 * most a second old while reading and exact whenever the reader is drained. The runner jar takes
 * this class instead of Beam's (runners/flink/pom.xml); tested by ReaderInvocationUtilTest.
 */
package org.apache.beam.runners.flink.metrics;

import java.io.Closeable;
import java.io.IOException;
import org.apache.beam.runners.core.metrics.MetricsContainerImpl;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.io.Source;
import org.apache.beam.sdk.metrics.MetricsEnvironment;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Util for invoking {@link Source.Reader} methods that might require a {@link MetricsContainerImpl}
 * to be active. Source.Reader decorator which registers {@link MetricsContainerImpl}. It updates
 * metrics to Flink metric and accumulator in start and, at most once per {@link
 * #UPDATE_INTERVAL_NANOS} or when the reader has no more data for now, in advance.
 */
public class ReaderInvocationUtil<OutputT, ReaderT extends Source.Reader<OutputT>> {

  /** How often, at most, the metrics of a reader that keeps returning records reach Flink. */
  static final long UPDATE_INTERVAL_NANOS = 1_000_000_000L;

  private final String stepName;
  private final FlinkMetricContainerBase container;
  private final Boolean enableMetrics;
  private long lastUpdateNanos;

  public ReaderInvocationUtil(
      String stepName, PipelineOptions options, FlinkMetricContainerBase container) {
    FlinkPipelineOptions flinkPipelineOptions = options.as(FlinkPipelineOptions.class);
    this.stepName = stepName;
    this.enableMetrics = !flinkPipelineOptions.getDisableMetrics();
    this.container = container;
  }

  public boolean invokeStart(ReaderT reader) throws IOException {
    if (enableMetrics) {
      try (Closeable ignored =
          MetricsEnvironment.scopedMetricsContainer(container.getMetricsContainer(stepName))) {
        boolean result = reader.start();
        updateMetrics();
        return result;
      }
    } else {
      return reader.start();
    }
  }

  public boolean invokeAdvance(ReaderT reader) throws IOException {
    if (enableMetrics) {
      try (Closeable ignored =
          MetricsEnvironment.scopedMetricsContainer(container.getMetricsContainer(stepName))) {
        boolean result = reader.advance();
        if (!result || System.nanoTime() - lastUpdateNanos >= UPDATE_INTERVAL_NANOS) {
          updateMetrics();
        }
        return result;
      }
    } else {
      return reader.advance();
    }
  }

  private void updateMetrics() {
    container.updateMetrics(stepName);
    lastUpdateNanos = System.nanoTime();
  }
}
