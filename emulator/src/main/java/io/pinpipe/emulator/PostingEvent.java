package io.pinpipe.emulator;

import io.pinpipe.transforms.model.Table;
import java.util.Map;

/** One posting event: the pin, geo and user rows of one key, each as the event JSON of its row. */
record PostingEvent(String key, Map<Table, String> rows) {}
