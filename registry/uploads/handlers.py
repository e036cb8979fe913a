"""An upload handler (settings.FILE_UPLOAD_HANDLERS, first) that stops storing a file once it
passes HOANHAP_UPLOAD_MAX_BYTES: the rest of the body is read and dropped, so neither memory nor
the temporary directory holds more than the limit, and the file reaches the form or serializer
just over the limit, where `check_size` refuses it with the message that names the limit."""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler


class BoundedUploadHandler(FileUploadHandler):
    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received - len(raw_data) > settings.HOANHAP_UPLOAD_MAX_BYTES:
            return None  # the handlers after this one already have more than the limit
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler (memory or temporary file) builds the file
