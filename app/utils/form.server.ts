/** Reads a form body; a body that is not a form is the sender's mistake, answered with 400. */
export async function readFormData(request: Request): Promise<FormData> {
  try {
    return await request.formData()
  } catch {
    throw new Response('The request body is not a form.', { status: 400 })
  }
}
