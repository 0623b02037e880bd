package io.pinpipe.ingest;

import java.util.ArrayList;
import java.util.List;

/**
 * The routes of the API, each a method and a path template whose {@code {name}} segment is a
 * parameter.
 */
enum Route {
  HEALTH("GET", "/health"),
  METRICS("GET", "/metrics"),
  LIST_TOPICS("GET", "/topics"),
  PRODUCE("POST", "/topics/{topic}"),
  LIST_STREAMS("GET", "/streams"),
  DESCRIBE_STREAM("GET", "/streams/{stream}"),
  CREATE_STREAM("POST", "/streams/{stream}"),
  DELETE_STREAM("DELETE", "/streams/{stream}"),
  PUT_RECORD("PUT", "/streams/{stream}/record"),
  PUT_RECORDS("PUT", "/streams/{stream}/records");

  private final String method;
  private final String template;
  private final String[] segments;

  Route(String method, String template) {
    this.method = method;
    this.template = template;
    this.segments = template.substring(1).split("/");
  }

  /** "POST /topics/{topic}": the name of the route in metrics. */
  String label() {
    return method + " " + template;
  }

  /**
   * The route for this method and path, or null; {@code parameter[0]} receives the path parameter.
   */
  static Route match(String method, String path, String[] parameter) {
    String[] parts = path.length() > 1 ? path.substring(1).split("/", -1) : new String[] {""};
    for (Route route : values()) {
      if (route.method.equals(method) && route.matches(parts, parameter)) {
        return route;
      }
    }
    return null;
  }

  /**
   * The methods that this path accepts (for 405 and its Allow header); empty when no route has the
   * path.
   */
  static List<String> methodsFor(String path) {
    String[] parts = path.length() > 1 ? path.substring(1).split("/", -1) : new String[] {""};
    List<String> methods = new ArrayList<>();
    for (Route route : values()) {
      if (route.matches(parts, new String[1]) && !methods.contains(route.method)) {
        methods.add(route.method);
      }
    }
    return methods;
  }

  private boolean matches(String[] parts, String[] parameter) {
    if (parts.length != segments.length) {
      return false;
    }
    for (int i = 0; i < parts.length; i++) {
      if (segments[i].startsWith("{")) {
        if (parts[i].isEmpty()) {
          return false;
        }
        parameter[0] = parts[i];
      } else if (!segments[i].equals(parts[i])) {
        return false;
      }
    }
    return true;
  }
}
