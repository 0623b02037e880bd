package io.pinpipe.serve;

import io.pinpipe.pipelines.options.InputRootOptions;
import io.pinpipe.pipelines.options.LakeOptions;
import org.apache.beam.sdk.io.aws2.options.S3Options;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/**
 * Options of {@code serve}: where the tables are (as for {@code analytics}), and the HTTP
 * service's.
 */
public interface ServeOptions extends InputRootOptions, LakeOptions, S3Options {
  @Description("TCP port (0: any free port).")
  @Default.Integer(8083)
  Integer getPort();

  void setPort(Integer value);

  @Description("Address to listen on; the default answers this machine only.")
  @Default.String("127.0.0.1")
  String getBind();

  void setBind(String value);

  @Description(
      "keys: every request but /health needs an API key (Authorization: Bearer <key>, x-api-key: <key>, "
          + "or a browser's Basic login with the key as password); none: no key (only on a loopback address).")
  @Default.String("keys")
  String getAuth();

  void setAuth(String value);

  @Description(
      "File with the accepted API keys, one per line ('#' comments); default: $PINPIPE_API_KEYS (comma-separated).")
  String getApiKeysFile();

  void setApiKeysFile(String value);

  @Description(
      "How often the answers follow the tables: a new batch run, new speed-layer panes (ms, s or m).")
  @Default.String("1s")
  String getRefresh();

  void setRefresh(String value);

  @Description("How often the live page (GET /) reloads itself, in seconds.")
  @Default.Integer(5)
  Integer getPageRefreshSeconds();

  void setPageRefreshSeconds(Integer value);
}
