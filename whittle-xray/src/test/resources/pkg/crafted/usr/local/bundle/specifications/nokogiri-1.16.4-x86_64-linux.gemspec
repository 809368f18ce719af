# -*- encoding: utf-8 -*-
Gem::Specification.new do |spec|
  spec.name = "nokogiri".freeze
  spec.version = "1.16.4".freeze
  spec.platform = "x86_64-linux".freeze
  spec.license = "MIT".freeze
end
