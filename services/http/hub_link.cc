#include "services/http/hub_link.h"

#include <Poco/DeflatingStream.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/URI.h>

#include <sstream>

#include "services/tls_client.h"

namespace zapas {

namespace {

std::string Gzip(const std::string& text) {
  std::ostringstream out;
  Poco::DeflatingOutputStream deflate(out, Poco::DeflatingStreamBuf::STREAM_GZIP, 1);
  deflate << text;
  deflate.close();
  return out.str();
}

class HttpLink : public HubLink {
 public:
  HttpLink(const SiteState& state, int timeout_seconds)
      : base_(state.hub), token_(state.token), timeout_(timeout_seconds) {}

  Result<Answer> Post(const std::string& path, const std::string& body) override {
    return Exchange(Poco::Net::HTTPRequest::HTTP_POST, path, Gzip(body));
  }
  Result<Answer> Get(const std::string& path) override {
    return Exchange(Poco::Net::HTTPRequest::HTTP_GET, path, "");
  }

 private:
  Result<Answer> Exchange(const std::string& method, const std::string& path,
                          const std::string& body) {
    try {
      Poco::URI uri(base_ + path);
      std::unique_ptr<Poco::Net::HTTPClientSession> session = ClientSessionFor(uri, timeout_);
      if (!session) return Status::Invalid("the hub's URL must be http:// or https://: " + base_);
      Poco::Net::HTTPRequest request(method, uri.getPathAndQuery(),
                                     Poco::Net::HTTPMessage::HTTP_1_1);
      request.set("Authorization", "Bearer " + token_);
      if (method == Poco::Net::HTTPRequest::HTTP_POST) {
        request.setContentType("application/json");
        request.set("Content-Encoding", "gzip");
        request.setContentLength(static_cast<std::streamsize>(body.size()));
        session->sendRequest(request) << body;
      } else {
        session->sendRequest(request);
      }
      Poco::Net::HTTPResponse response;
      std::istream& in = session->receiveResponse(response);
      Answer answer;
      answer.status = static_cast<int>(response.getStatus());
      answer.body.assign(std::istreambuf_iterator<char>(in), {});
      // Zapas answers with its length: an answer without one, or shorter,
      // was cut on its way.
      if (!response.hasContentLength() ||
          static_cast<std::streamsize>(answer.body.size()) != response.getContentLength()) {
        return Status::Unavailable("the hub's answer was cut short");
      }
      return answer;
    } catch (const Poco::Exception& e) {
      return Status::Unavailable("the hub " + base_ + " does not answer: " + e.displayText());
    } catch (const std::exception& e) {
      return Status::Unavailable("the hub " + base_ + " does not answer: " + e.what());
    }
  }

  std::string base_, token_;
  int timeout_;
};

}  // namespace

std::unique_ptr<HubLink> HttpHubLink(const SiteState& state, int timeout_seconds) {
  return std::make_unique<HttpLink>(state, timeout_seconds);
}

}  // namespace zapas
