// Google's JSON error envelope, as googleapis (gaxios) parses it into GaxiosError.

const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};

export interface GoogleErrorDetail {
  reason: string;
  domain?: string;
  location?: string;
  locationType?: 'parameter' | 'header';
}

interface GoogleErrorBody {
  error: {
    code: number;
    message: string;
    errors: Array<{ message: string; domain: string; reason: string; location?: string; locationType?: string }>;
    status: string;
  };
}

function googleErrorBody(code: number, message: string, detail: GoogleErrorDetail): GoogleErrorBody {
  return {
    error: {
      code,
      message,
      errors: [{ message, ...detail, domain: detail.domain ?? 'global' }],
      status: STATUS_NAMES[code] ?? 'UNKNOWN',
    },
  };
}

export function googleErrorResponse(code: number, message: string, detail: GoogleErrorDetail): Response {
  return Response.json(googleErrorBody(code, message, detail), {
    status: code,
    headers: code === 401 ? { 'WWW-Authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"' } : {},
  });
}
