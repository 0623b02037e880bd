package io.pinpipe.pipelines.io;

import org.apache.beam.sdk.io.aws2.options.S3ClientBuilderFactory;
import org.apache.beam.sdk.io.aws2.options.S3Options;
import org.apache.beam.sdk.io.aws2.s3.DefaultS3ClientBuilderFactory;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Beam's S3 client with path-style addressing ({@code http://host/bucket/key}), which S3-compatible
 * servers such as S3Proxy need; Beam 2.70 has no option for it. Select it with {@code
 * --s3ClientFactoryClass=io.pinpipe.pipelines.io.PathStyleS3ClientBuilderFactory}.
 */
public final class PathStyleS3ClientBuilderFactory implements S3ClientBuilderFactory {
  @Override
  public S3ClientBuilder createBuilder(S3Options options) {
    return new DefaultS3ClientBuilderFactory().createBuilder(options).forcePathStyle(true);
  }
}
